"""The waiting list's row pages: one entry (offer a place, move it, remove it) and one open
offer (accepted or declined). The list itself is a compact table with one link per row.

Offering and accepting run the keep-apart check in the service: a conflict comes back as a
warning naming who and why (coordinators only), and the form then asks for a reason to go
ahead; the service audits that override.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from programmes import selectors, services
from programmes.enums import RunStatus
from programmes.forms import DeclineForm, MoveForm, RemoveForm
from programmes.models import GroupRun, PlaceOffer, WaitingListEntry
from programmes.people_views import saved
from programmes.services.placement import placement_conflicts
from scheduler.models import User
from scheduler.platform.permissions import PLANNERS, require_role
from scheduler.platform.requests import AuthedRequest

OPEN_RUNS = (RunStatus.PLANNED, RunStatus.OPEN, RunStatus.RUNNING)
OVERRIDE_LABEL = "Reason to go ahead despite the keep-apart conflict"
OVERRIDE_HELP = "Coordinators only. Kept in the audit with your name and the time."


def _override() -> forms.CharField:
    return forms.CharField(max_length=300, required=False, label=OVERRIDE_LABEL,
                           help_text=OVERRIDE_HELP, widget=forms.Textarea(attrs={"rows": 2}))


class OfferPageForm(forms.Form):
    run = forms.ModelChoiceField(queryset=GroupRun.objects.none(), label="Offer a place on")
    days = forms.IntegerField(min_value=1, max_value=60, initial=7,
                              label="Days before the offer expires")
    override_reason = _override()

    def __init__(self, *args: Any, programme_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        run = self.fields["run"]
        assert isinstance(run, forms.ModelChoiceField)
        run.queryset = GroupRun.objects.filter(programme_id=programme_id,
                                               status__in=OPEN_RUNS).order_by("name")


class AcceptForm(forms.Form):
    override_reason = _override()


def _conflicts(form: forms.Form, participant_id: int, run: GroupRun) -> list[dict[str, object]]:
    """The keep-apart warning rows, when the service refused for that reason."""
    if "keep_apart" not in getattr(form, "refused", set()):
        return []
    return selectors.placement_conflict_rows(placement_conflicts(participant_id=participant_id,
                                                                 run=run))


def _entry_forms(request: AuthedRequest, entry: WaitingListEntry) -> dict[str, forms.Form]:
    action = request.POST.get("action") if request.method == "POST" else None
    return {
        "offer": OfferPageForm(request.POST if action == "offer" else None, prefix="offer",
                               programme_id=entry.programme_id),
        "move": MoveForm(request.POST if action == "move" else None, prefix="move"),
        "remove": RemoveForm(request.POST if action == "remove" else None, prefix="remove"),
    }


def _offer(form: forms.Form, entry: WaitingListEntry, user: User) -> bool:
    return saved(form, lambda d: services.place_offer(
        entry=entry, run=d["run"], expires_at=timezone.now() + dt.timedelta(days=d["days"]),
        override_reason=d["override_reason"], by=user))


def _move(form: forms.Form, entry: WaitingListEntry, user: User) -> bool:
    return saved(form, lambda d: services.waiting_list_move(
        entry=entry, to_position=d["to_position"], reason=d["reason"], by=user))


def _remove(form: forms.Form, entry: WaitingListEntry, user: User) -> bool:
    return saved(form, lambda d: services.waiting_list_remove(entry=entry, reason=d["reason"],
                                                              by=user))


DONE = {"offer": "Offer made.", "move": "Moved.", "remove": "Removed from the waiting list."}


def _act(action: str, form: forms.Form, entry: WaitingListEntry, user: User) -> bool:
    if action == "offer":
        return _offer(form, entry, user)
    if action == "move":
        return _move(form, entry, user)
    return _remove(form, entry, user)


@login_required
def entry_page(request: AuthedRequest, entry_id: int) -> HttpResponse:
    user = require_role(request, PLANNERS)
    entry = get_object_or_404(WaitingListEntry.objects.select_related("participant",
                                                                      "programme"), pk=entry_id)
    all_forms = _entry_forms(request, entry)
    action = request.POST.get("action", "")
    conflicts: list[dict[str, object]] = []
    if action in all_forms:
        form = all_forms[action]
        if _act(action, form, entry, user):
            messages.success(request, DONE[action])
            return redirect("programmes:waiting_list", programme_id=entry.programme_id)
        run = getattr(form, "cleaned_data", {}).get("run") if action == "offer" else None
        if run is not None:
            conflicts = _conflicts(form, entry.participant_id, run)
    failed = any(f.errors for f in all_forms.values())
    return render(request, "programmes/waiting_entry.html", {
        "entry": entry, "forms": all_forms, "conflicts": conflicts,
        "waiting": entry.status == "waiting"}, status=422 if failed else 200)


@login_required
def offer_page(request: AuthedRequest, offer_id: int) -> HttpResponse:
    user = require_role(request, PLANNERS)
    offer = get_object_or_404(PlaceOffer.objects.select_related(
        "entry__participant", "entry__programme", "run"), pk=offer_id)
    action = request.POST.get("action") if request.method == "POST" else None
    accept = AcceptForm(request.POST if action == "accept" else None, prefix="accept")
    decline = DeclineForm(request.POST if action == "decline" else None, prefix="decline")
    conflicts: list[dict[str, object]] = []
    if action == "accept":
        if saved(accept, lambda d: services.offer_accept(
                offer=offer, override_reason=d["override_reason"], by=user)):
            messages.success(request, f"{offer.entry.participant.known_as} is enrolled.")
            return redirect("programmes:enrolments", run_id=offer.run_id)
        conflicts = _conflicts(accept, offer.entry.participant_id, offer.run)
    elif action == "decline" and saved(decline, lambda d: services.offer_decline(
            offer=offer, reason=d["reason"], by=user)):
        messages.success(request, "Offer declined.")
        return redirect("programmes:waiting_list", programme_id=offer.entry.programme_id)
    return render(request, "programmes/offer.html", {
        "offer": offer, "accept": accept, "decline": decline, "conflicts": conflicts},
        status=422 if accept.errors or decline.errors else 200)
