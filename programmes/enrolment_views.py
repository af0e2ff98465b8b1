"""The run page (cohort completion, enrolments with their outcomes, enrol someone) and one
enrolment's page (change status, override completion, history). Coordinators only.

Enrolling runs the keep-apart check in the service. A conflict comes back as a warning on the
page, naming who and why (coordinators may see it), and the form then asks for a reason to
place them anyway; the service audits that override.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from programmes import selectors, services
from programmes.forms import EnrolForm, OverrideForm, TransitionForm
from programmes.models import GroupRun
from programmes.outcome_views import attach_outcomes, cohort_completion, outcome_views
from programmes.services.placement import placement_conflicts
from scheduler.models import User
from scheduler.platform.audit import audited
from scheduler.platform.permissions import PLANNERS, require_role

PAGE_SIZE = 25


def _enrol(request: HttpRequest, run: GroupRun,
           user: User) -> tuple[EnrolForm, list[dict[str, object]], bool]:
    """Validate and enrol: (form, keep-apart conflicts to warn about, done)."""
    form = EnrolForm(request.POST, run=run)
    if not form.is_valid():
        return form, [], False
    participant = form.cleaned_data["participant"]
    try:
        services.enrolment_create(participant=participant, run=run, by=user,
                                  override_reason=form.cleaned_data["override_reason"])
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        if "keep_apart" in exc.message_dict:
            return form, selectors.placement_conflict_rows(
                placement_conflicts(participant_id=participant.pk, run=run)), False
        return form, [], False
    messages.success(request, f"{participant.known_as} is enrolled.")
    return form, [], True


@audited("list", "enrolment", "run_id")
@login_required
def enrolments_page(request: HttpRequest, run_id: int) -> HttpResponse:
    user = require_role(request, PLANNERS)
    run = get_object_or_404(GroupRun.objects.select_related("programme", "venue"), pk=run_id)
    form, conflicts, done = (_enrol(request, run, user) if request.method == "POST"
                             else (EnrolForm(run=run), [], False))
    if done:
        return redirect("programmes:enrolments", run_id=run.pk)
    enrolments = selectors.enrolments_for_run(run_id=run.pk)
    page = Paginator(enrolments, PAGE_SIZE).get_page(request.GET.get("page"))
    attach_outcomes(list(page.object_list))
    return render(request, "programmes/enrolments.html", {
        "run": run, "page": page, "places": services.places_taken(run_id=run.pk),
        "cohort": cohort_completion(outcome_views(enrolments).values()),
        "form": form, "conflicts": conflicts}, status=422 if form.errors else 200)


@audited("read", "enrolment", "enrolment_id")
@login_required
def enrolment_page(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    require_role(request, PLANNERS)
    enrolment = get_object_or_404(selectors.enrolments_for_run_any().prefetch_related(
        "events__by"), pk=enrolment_id)
    attach_outcomes([enrolment])
    conflicts = selectors.placement_conflict_rows(placement_conflicts(
        participant_id=enrolment.participant_id, run=enrolment.run))
    return render(request, "programmes/enrolment.html", {
        "enrolment": enrolment, "conflicts": conflicts,
        # Both forms have a "reason": distinct ids keep each label on its own field.
        "transition_form": TransitionForm(auto_id="status_%s"),
        "override_form": OverrideForm(auto_id="completion_%s")})
