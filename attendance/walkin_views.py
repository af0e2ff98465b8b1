"""Pages for walk-ins: add someone who turned up, count the unnamed, and (coordinators)
confirm or reject walk-ins at rolling groups. Parse, call the service, report: no rules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from attendance.models import WalkIn
from attendance.views import PAGE_SIZE, _session_or_404
from attendance.walkins import (
    headcount_record,
    pending_walk_ins,
    walk_in_confirm,
    walk_in_record,
    walk_in_reject,
)
from scheduler.platform.permissions import PLANNERS, REGISTER_TAKERS, require_role


def _int_or_none(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def _refused(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_POST
def walk_in_add(request: HttpRequest, session_id: int) -> HttpResponse:
    user = require_role(request, REGISTER_TAKERS)
    session = _session_or_404(user, session_id)
    try:
        done = walk_in_record(session=session, by=user,
                              participant_id=_int_or_none(request.POST.get("participant_id")),
                              known_as=request.POST.get("known_as", "")[:60])
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, "Walk-in waiting for a coordinator to confirm."
                         if isinstance(done, WalkIn) else "Walk-in added and marked present.")
    return redirect("attendance:register", session_id=session.pk)


@login_required
@require_POST
def headcount_save(request: HttpRequest, session_id: int) -> HttpResponse:
    user = require_role(request, REGISTER_TAKERS)
    session = _session_or_404(user, session_id)
    count = _int_or_none(request.POST.get("count"))
    try:
        if count is None:
            raise ValidationError({"count": "Give a number of people."})
        headcount_record(session=session, count=count, by=user)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, f"Saved: {count} people who gave no name.")
    return redirect("attendance:register", session_id=session.pk)


@login_required
def walk_ins_page(request: HttpRequest) -> HttpResponse:
    require_role(request, PLANNERS)
    page = Paginator(pending_walk_ins(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "attendance/walk_ins.html", {"page": page})


@login_required
@require_POST
def walk_in_decide(request: HttpRequest, walk_in_id: int) -> HttpResponse:
    user = require_role(request, PLANNERS)
    walk_in = get_object_or_404(WalkIn, pk=walk_in_id)
    try:
        if request.POST.get("decision") == "confirm":
            walk_in_confirm(walk_in=walk_in, by=user)
            messages.success(request, "Walk-in confirmed: enrolled and marked present.")
        else:
            walk_in_reject(walk_in=walk_in, by=user)
            messages.success(request, "Walk-in rejected.")
    except ValidationError as error:
        _refused(request, error)
    return redirect("attendance:walk_ins")
