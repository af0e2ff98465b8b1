"""Coordinator pages: waiting lists and enrolments. Parse, check role, call a service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from programmes import selectors, services
from programmes.enums import RunStatus
from programmes.forms import (
    DeclineForm,
    MoveForm,
    OfferForm,
    OverrideForm,
    RemoveForm,
    TransitionForm,
)
from programmes.models import Enrolment, GroupRun, PlaceOffer, ProgrammeType, WaitingListEntry
from programmes.outcome_seam import outcome_source
from scheduler.platform.audit import audited
from scheduler.platform.permissions import PLANNERS, require_role
from scheduler.platform.refusals import run_with_messages

PAGE_SIZE = 25


def _apply(request: HttpRequest, form: forms.Form, action: Callable[[dict[str, Any]], Any],
           done: str) -> None:
    """Run a service with a valid form; report its outcome (never personal data)."""
    if not form.is_valid():
        messages.error(request, "Please check the form: " + "; ".join(
            f"{form.fields[field].label if field in form.fields else field}: "
            f"{' '.join(str(e) for e in errs)}" for field, errs in form.errors.items()))
        return
    run_with_messages(request, lambda: action(form.cleaned_data), done)


@login_required
def programme_index(request: HttpRequest) -> HttpResponse:
    require_role(request, PLANNERS)
    programmes = ProgrammeType.objects.filter(is_active=True).prefetch_related("runs")
    return render(request, "programmes/index.html", {"programmes": programmes})


@audited("list", "waiting_list", "programme_id")
@login_required
def waiting_list_page(request: HttpRequest, programme_id: int) -> HttpResponse:
    require_role(request, PLANNERS)
    programme = get_object_or_404(ProgrammeType, pk=programme_id)
    page = Paginator(selectors.waiting_list_for(programme_id=programme.pk), PAGE_SIZE).get_page(
        request.GET.get("page"))
    runs = programme.runs.filter(status__in=[RunStatus.PLANNED, RunStatus.OPEN,
                                             RunStatus.RUNNING])
    offers = selectors.open_offers_for(programme_id=programme.pk)
    return render(request, "programmes/waiting_list.html", {
        "programme": programme, "page": page, "runs": runs, "offers": offers,
        "first_position": page.start_index()})


@login_required
@require_POST
def waiting_list_action(request: HttpRequest, entry_id: int, action: str) -> HttpResponse:
    user = require_role(request, PLANNERS)
    entry = get_object_or_404(WaitingListEntry, pk=entry_id)
    if action == "move":
        _apply(request, MoveForm(request.POST), lambda d: services.waiting_list_move(
            entry=entry, to_position=d["to_position"], reason=d["reason"], by=user), "Moved.")
    elif action == "remove":
        _apply(request, RemoveForm(request.POST), lambda d: services.waiting_list_remove(
            entry=entry, reason=d["reason"], by=user), "Removed from the waiting list.")
    elif action == "offer":
        _apply(request, OfferForm(request.POST), lambda d: services.place_offer(
            entry=entry, run=get_object_or_404(GroupRun, pk=d["run"]),
            expires_at=timezone.now() + dt.timedelta(days=d["days"]), by=user), "Offer made.")
    return redirect("programmes:waiting_list", programme_id=entry.programme_id)


@login_required
@require_POST
def offer_action(request: HttpRequest, offer_id: int, action: str) -> HttpResponse:
    user = require_role(request, PLANNERS)
    offer = get_object_or_404(PlaceOffer.objects.select_related("entry"), pk=offer_id)
    if action == "accept":
        _apply(request, forms.Form(request.POST),
               lambda d: services.offer_accept(offer=offer, by=user), "Place accepted.")
    elif action == "decline":
        _apply(request, DeclineForm(request.POST), lambda d: services.offer_decline(
            offer=offer, reason=d["reason"], by=user), "Offer declined.")
    return redirect("programmes:waiting_list", programme_id=offer.entry.programme_id)


@login_required
@require_POST
def enrolment_action(request: HttpRequest, enrolment_id: int, action: str) -> HttpResponse:
    user = require_role(request, PLANNERS)
    enrolment = get_object_or_404(Enrolment, pk=enrolment_id)
    if action == "transition":
        _apply(request, TransitionForm(request.POST), lambda d: services.enrolment_transition(
            enrolment=enrolment, to_status=d["to_status"], reason_code=d["reason_code"],
            reason=d["reason"], override_reason=d["override_reason"], by=user),
            "Status changed.")
    elif action == "override":
        _apply(request, OverrideForm(request.POST),
               lambda d: services.enrolment_override_completion(
                   enrolment=enrolment, completed=d["completed"], reason=d["reason"], by=user),
               "Completion override recorded.")
    return redirect("programmes:enrolment", enrolment_id=enrolment.pk)


@login_required
@require_POST
def run_refresh(request: HttpRequest, run_id: int) -> HttpResponse:
    user = require_role(request, PLANNERS)
    run = get_object_or_404(GroupRun, pk=run_id)
    outcome_source().enrolments_refresh_outcomes(run_id=run.pk, by=user)
    messages.success(request, "Starters and completers refreshed from the registers.")
    return redirect("programmes:enrolments", run_id=run.pk)
