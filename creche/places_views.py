"""One booking for parent and child: coordinators enrol a parent and tick the children who
need a crèche place, or tick children for an existing offer or enrolment. The result page
lists the crèche dates booked and the dates that could not be booked, with why."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from creche import selectors, services
from creche.forms import ParentAndChildForm, PlacesForm
from creche.page_helpers import errors_onto, parent_or_404
from programmes.models import Enrolment
from scheduler.platform.permissions import PLANNERS, require_role


@login_required
@require_http_methods(["GET", "POST"])
def parent_book(request: HttpRequest, participant_id: int) -> HttpResponse:
    user = require_role(request, PLANNERS)
    parent = parent_or_404(participant_id)
    form = ParentAndChildForm(request.POST or None, parent=parent,
                              runs=selectors.runs_with_creche())
    if request.method == "POST" and form.is_valid():
        try:
            enrolment, report = services.parent_and_children_book(
                parent=parent, run=form.cleaned_data["run"],
                children=form.cleaned_data["children"], by=user)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            return render(request, "creche/places_done.html",
                          {"enrolment": enrolment, "report": report, "parent": parent})
    return render(request, "creche/parent_book.html", {"parent": parent, "form": form},
                  status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_places(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    user = require_role(request, PLANNERS)
    try:
        enrolment = selectors.enrolment_get(enrolment_id=enrolment_id)
    except Enrolment.DoesNotExist:
        raise Http404("No such enrolment") from None
    initial = {"children": list(enrolment.creche_requests.values_list("child_id", flat=True))}
    form = PlacesForm(request.POST or None, parent=enrolment.participant, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.place_requests_set(enrolment=enrolment,
                                                 children=form.cleaned_data["children"], by=user)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            return render(request, "creche/places_done.html", {
                "enrolment": enrolment, "report": report, "parent": enrolment.participant})
    return render(request, "creche/enrolment_places.html", {
        "enrolment": enrolment, "form": form,
        "places": selectors.places_for_enrolment(enrolment=enrolment)},
        status=422 if form.errors else 200)
