"""The coordinator's people pages: participants, their referrals and assessments, and
keep-apart links. Coordinators and admins only (PLANNERS): identity and keep-apart reasons are
never shown to facilitators, crèche workers or managers, who get the styled 403.

Each POST validates a Django form, then makes one service call (one transaction); the service's
refusal lands on the form's fields, and a stale form (someone else saved meanwhile) is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from programmes import selectors, services
from programmes.models import Assessment, KeepApartLink, Participant
from programmes.people_forms import (
    AssessmentForm,
    KeepApartForm,
    ParticipantForm,
    ReferralEditForm,
    ReferralForm,
    SearchForm,
    participant_initial,
)
from programmes.services.referrals import assessment_version
from scheduler.platform.audit import audited
from scheduler.platform.permissions import PLANNERS, require_role
from scheduler.platform.requests import AuthedRequest

PAGE_SIZE = 25
# A service's field name → the form field that shows its error.
FIELD_ALIASES = {"date_of_birth": "dob_day", "second_id": "other_reference",
                 "first_id": "other_reference"}


def errors_onto(form: forms.Form, exc: ValidationError) -> None:
    """A service's refusal onto the form: its own field where there is one, else the top."""
    for field, errors in exc.message_dict.items():
        field = FIELD_ALIASES.get(field, field)
        form.add_error(field if field in form.fields and field != "version" else None, errors)


def saved(form: forms.Form, call: Callable[[dict[str, Any]], object]) -> bool:
    """Validate, then run one service call; False (errors on the form) if either refuses."""
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except ValidationError as exc:
        setattr(form, "refused", set(exc.message_dict))  # noqa: B010 (read by the page)
        errors_onto(form, exc)
        return False
    return True


def _page(request: AuthedRequest, template: str, context: dict[str, Any],
          form: forms.Form) -> HttpResponse:
    return render(request, template, context | {"form": form},
                  status=422 if form.errors else 200)


# --- Participants ------------------------------------------------------------------------

def participants_matching(q: str) -> QuerySet[Participant]:
    qs = Participant.objects.annotate(referral_count=Count("referrals")).order_by("known_as",
                                                                                   "reference")
    q = q.strip()
    return qs.filter(Q(known_as__icontains=q) | Q(reference__icontains=q)) if q else qs


@login_required
@audited("list", "participant")
def participants_page(request: AuthedRequest) -> HttpResponse:
    require_role(request, PLANNERS)
    search = SearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    page = Paginator(participants_matching(q), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "programmes/people/list.html", {
        "search": search, "q": q, "page": page})


def _participant_save(d: dict[str, Any], form: ParticipantForm,
                      participant: Participant | None) -> Participant:
    identity = {"legal_name": d["legal_name"], "address": d["address"]}
    if participant is None:
        return services.participant_create(known_as=d["known_as"], **identity,
                                           demographics=form.demographics())
    return services.participant_update(participant=participant, known_as=d["known_as"],
                                       **identity, demographics=form.demographics(),
                                       expected_version=d["version"] or None)


def _participant_form(request: AuthedRequest,
                      participant: Participant | None) -> HttpResponse:
    initial = (participant_initial(participant, services.participant_version(participant))
               if participant else {})
    form = ParticipantForm(request.POST or None, initial=initial)
    done: list[Participant] = []
    if request.method == "POST" and saved(
            form, lambda d: done.append(_participant_save(d, form, participant))):
        messages.success(request, f"{done[0].known_as} is saved.")
        return redirect("programmes:person", participant_id=done[0].pk)
    return _page(request, "programmes/people/form.html", {"participant": participant}, form)


@login_required
def participant_new(request: AuthedRequest) -> HttpResponse:
    require_role(request, PLANNERS)
    return _participant_form(request, None)


@login_required
@audited("read", "participant", "participant_id")
def participant_edit(request: AuthedRequest, participant_id: int) -> HttpResponse:
    require_role(request, PLANNERS)
    participant = get_object_or_404(selectors.participants_visible_to(user=request.user),
                                    pk=participant_id)
    return _participant_form(request, participant)


@login_required
@audited("read", "participant", "participant_id")
def participant_page(request: AuthedRequest, participant_id: int) -> HttpResponse:
    """One person: identity (planners only), referrals with their assessments, enrolments,
    waiting-list places and keep-apart links."""
    require_role(request, PLANNERS)
    person = get_object_or_404(selectors.participants_visible_to(user=request.user),
                               pk=participant_id)
    return render(request, "programmes/people/detail.html", {
        "person": person, "sees_identity": selectors.sees_identity(request.user),
        "referrals": selectors.referrals_list(participant_id=person.pk),
        "enrolments": person.enrolments.select_related("run__programme").order_by("-joined_at"),
        "links": _links_with_other(person)})


def _links_with_other(person: Participant) -> list[tuple[KeepApartLink, Participant]]:
    links = selectors.keep_apart_links(participant_id=person.pk, include_ended=True)
    return [(link, link.person_b if link.person_a_id == person.pk else link.person_a)
            for link in links]


# --- Referrals and assessments -----------------------------------------------------------

@login_required
def referrals_page(request: AuthedRequest) -> HttpResponse:
    require_role(request, PLANNERS)
    page = Paginator(selectors.referrals_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "programmes/people/referrals.html", {"page": page})


@login_required
def referral_new(request: AuthedRequest, participant_id: int) -> HttpResponse:
    user = require_role(request, PLANNERS)
    person = get_object_or_404(Participant, pk=participant_id)
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and saved(form, lambda d: services.referral_create(
            participant=person, programme=d["programme"], source=d["source"],
            referring_agency=d["referring_agency"], referred_on=d["referred_on"],
            priority=d["priority"], by=user)):
        messages.success(request, "Referral recorded.")
        return redirect("programmes:person", participant_id=person.pk)
    return _page(request, "programmes/people/referral_form.html",
                 {"person": person, "referral": None}, form)


@login_required
def referral_edit(request: AuthedRequest, referral_id: int) -> HttpResponse:
    require_role(request, PLANNERS)
    referral = get_object_or_404(selectors.referrals_list(), pk=referral_id)
    initial = {f: getattr(referral, f) for f in
               ("source", "referring_agency", "referred_on", "priority")}
    form = ReferralEditForm(request.POST or None, initial=initial | {
        "version": services.referral_version(referral)})
    if request.method == "POST" and saved(form, lambda d: services.referral_update(
            referral=referral, source=d["source"], referring_agency=d["referring_agency"],
            referred_on=d["referred_on"], priority=d["priority"],
            expected_version=d["version"] or None)):
        messages.success(request, "Referral saved.")
        return redirect("programmes:person", participant_id=referral.participant_id)
    return _page(request, "programmes/people/referral_form.html",
                 {"person": referral.participant, "referral": referral}, form)


def _assessment_initial(assessment: Assessment) -> dict[str, Any]:
    fields = ("sessions_held", "did_not_attend", "outcome", "outcome_reason", "decided_on")
    return {f: getattr(assessment, f) for f in fields} | {
        "version": assessment_version(assessment)}


@login_required
def assessment_page(request: AuthedRequest, referral_id: int) -> HttpResponse:
    user = require_role(request, PLANNERS)
    assessment = get_object_or_404(Assessment.objects.select_related(
        "referral__participant", "referral__programme"), referral_id=referral_id)
    form = AssessmentForm(request.POST or None, initial=_assessment_initial(assessment))
    if request.method == "POST" and saved(form, lambda d: services.assessment_record(
            assessment=assessment, sessions_held=d["sessions_held"],
            did_not_attend=d["did_not_attend"], outcome=d["outcome"],
            outcome_reason=d["outcome_reason"], decided_on=d["decided_on"], by=user,
            expected_version=d["version"] or None)):
        messages.success(request, "Assessment recorded.")
        return redirect("programmes:person", participant_id=assessment.referral.participant_id)
    return _page(request, "programmes/people/assessment_form.html",
                 {"assessment": assessment, "referral": assessment.referral}, form)


# --- Keep-apart links (coordinators only) ------------------------------------------------

def _other_person(reference: str) -> Participant:
    other = Participant.objects.filter(reference__iexact=reference.strip()).first()
    if other is None:
        raise ValidationError({"other_reference": "No one has this reference."})
    return other


@login_required
def keep_apart_page(request: AuthedRequest, participant_id: int) -> HttpResponse:
    """A person's keep-apart links (ended ones too) and the form to add one."""
    user = require_role(request, PLANNERS)
    person = get_object_or_404(Participant, pk=participant_id)
    form = KeepApartForm(request.POST or None)
    if request.method == "POST" and saved(form, lambda d: services.keep_apart_add(
            first=person, second=_other_person(d["other_reference"]), reason=d["reason"],
            buffer_minutes=d["buffer_minutes"], by=user)):
        messages.success(request, "Keep-apart link recorded.")
        return redirect("programmes:keep_apart", participant_id=person.pk)
    return _page(request, "programmes/people/keep_apart.html",
                 {"person": person, "links": _links_with_other(person)}, form)


@login_required
@require_POST
def keep_apart_end(request: AuthedRequest, link_id: int) -> HttpResponse:
    user = require_role(request, PLANNERS)
    link = get_object_or_404(KeepApartLink, pk=link_id)
    raw = request.POST.get("participant", "")
    person_id = int(raw) if raw.isdigit() and len(raw) < 12 else 0
    services.keep_apart_end(link=link, by=user)
    messages.success(request, "Keep-apart link ended.")
    back = person_id if person_id in (link.person_a_id, link.person_b_id) else link.person_a_id
    return redirect("programmes:keep_apart", participant_id=back)
