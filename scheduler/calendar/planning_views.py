"""Planning pages for coordinators: a run's schedule in plain words (preview, then apply), the
run's sessions, and one session's page (move, cancel, add an extra or catch-up session).

Views parse forms and call the calendar services; every rule (closures, clashes, keep-apart)
lives there, so the page refuses exactly what the API refuses.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from programmes.models import Enrolment, GroupRun, KeepApartLink
from scheduler.calendar import services
from scheduler.calendar.clashes import Clash
from scheduler.calendar.forms import AddSessionForm, CancelForm, MoveForm, ScheduleForm
from scheduler.calendar.selectors import EXPECTED_STATUSES
from scheduler.models import Session, User
from scheduler.platform.permissions import PLANNERS, require_role
from scheduler.platform.refusals import run_with_messages
from scheduler.platform.timezones import LONDON

FIELD_OF = {"rule": "weekdays", "calendar_ids": "calendars"}


def _form_errors(form: forms.Form, exc: ValidationError) -> None:
    """A service's field errors onto the form (unknown fields at the top)."""
    for field, errors in exc.message_dict.items():
        name = FIELD_OF.get(field, field)
        form.add_error(name if name in form.fields else None, errors)


def explain(clashes: list[Clash], when: dict[str, Any]) -> list[dict[str, Any]]:
    """Clashes in words for a coordinator: severity, what, when, and for keep-apart who and why
    (these pages are for planners only)."""
    links = KeepApartLink.objects.select_related("person_a", "person_b").in_bulk(
        {c.link_id for c in clashes if c.link_id})
    staff = User.objects.in_bulk({c.person_id for c in clashes if c.person_id})
    out = []
    for clash in clashes:
        link = links.get(clash.link_id)
        person = staff.get(clash.person_id)
        message = clash.message.replace(f"Facilitator {clash.person_id}", person.display_name,
                                        1) if person else clash.message
        detail = (f"{link.person_a.known_as} and {link.person_b.known_as} are kept apart"
                  f"{': ' + link.reason if link.reason else ''}") if link else clash.detail
        out.append({"severity": "Blocks" if clash.severity == "block" else "Warning",
                    "message": message, "detail": detail, "when": when.get(clash.key)})
    return out


def _schedule_args(form: ScheduleForm) -> dict[str, Any]:
    d = form.cleaned_data
    return {"rule": services.schedule_rule(weekdays=d["weekdays"], every_weeks=d["every_weeks"]),
            "start_date": d["start_date"], "start_time": d["start_time"],
            "duration_minutes": d["duration_minutes"], "target_sessions": d["target_sessions"],
            "calendars": [c.pk for c in d["calendars"]]}


def _preview(run: GroupRun, form: ScheduleForm) -> dict[str, Any]:
    preview = services.schedule_preview(run=run, **_schedule_args(form))
    when = {f"p{n}": s for n, s in enumerate(preview.plan.starts, start=1)}
    return {"starts": [(n, s, s + preview.duration) for n, s in enumerate(preview.plan.starts, 1)],
            "skipped": preview.plan.skipped, "clashes": explain(preview.clashes, when),
            "blocked": any(c.severity == "block" for c in preview.clashes)}


@login_required
def schedule_page(request: HttpRequest, run_id: int) -> HttpResponse:
    """GET: the form. POST action=preview: dates, skipped dates, clashes. action=apply: save."""
    user = require_role(request, PLANNERS)
    run = get_object_or_404(GroupRun.objects.select_related("room", "venue", "programme"),
                            pk=run_id)
    form = ScheduleForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("action") == "apply":
                services.schedule_apply(run=run, by=user, **_schedule_args(form))
                messages.success(request, "Schedule applied: the sessions are in the calendar.")
                return redirect("calendar:run_sessions", run_id=run.pk)
            preview = _preview(run, form)
        except ValidationError as exc:
            _form_errors(form, exc)
    return render(request, "scheduler/schedule.html", {"run": run, "form": form,
                                                       "preview": preview},
                  status=422 if form.errors else 200)


@login_required
def run_sessions_page(request: HttpRequest, run_id: int) -> HttpResponse:
    require_role(request, PLANNERS)
    run = get_object_or_404(GroupRun.objects.select_related("venue", "programme"), pk=run_id)
    sessions = run.sessions.select_related("room", "topic").order_by("starts_at", "id")
    page = Paginator(sessions, 50).get_page(request.GET.get("page"))
    summaries = services.clash_summaries(list(page.object_list))
    rows = [(s, summaries.get(s.pk, services.ClashSummary())) for s in page.object_list]
    return render(request, "scheduler/run_sessions.html", {
        "run": run, "page": page, "rows": rows, "add_form": AddSessionForm()})


def _told(session: Session) -> dict[str, Any]:
    """Who a change to this session reaches: the run's facilitators and expected people."""
    people = (Enrolment.objects.filter(run_id=session.run_id, status__in=EXPECTED_STATUSES,
                                       left_at__isnull=True)
              .select_related("participant").order_by("participant__known_as"))
    return {"facilitators": list(session.run.facilitators.all()),
            "participants": [e.participant for e in people]}


@login_required
def session_page(request: HttpRequest, session_id: int) -> HttpResponse:
    require_role(request, PLANNERS)
    session = get_object_or_404(Session.objects.select_related(
        "run__venue", "run__programme", "room", "topic"), pk=session_id)
    clashes = [] if session.is_cancelled else services.session_clashes(
        run=session.run, starts_at=session.starts_at, ends_at=session.ends_at,
        room=session.room, session_id=session.pk)
    start = session.starts_at.astimezone(LONDON)
    move = MoveForm(prefix="move", initial={"day": start.date(), "starts": start.time(),
                                            "ends": session.ends_at.astimezone(LONDON).time()})
    return render(request, "scheduler/session.html", {
        "session": session, "clashes": explain(clashes, {f"s{session.pk}": session.starts_at}),
        "move_form": move, "cancel_form": CancelForm(prefix="cancel"), "told": _told(session),
        "changes": session.changes.select_related("by").order_by("-id")[:20]})


@login_required
@require_POST
def session_move(request: HttpRequest, session_id: int) -> HttpResponse:
    user = require_role(request, PLANNERS)
    session = get_object_or_404(Session.objects.select_related("run", "room"), pk=session_id)
    form = MoveForm(request.POST, prefix="move")
    if not form.is_valid():
        messages.error(request, "Check the date and times.")
        return redirect("calendar:session", session_id=session.pk)
    starts, ends = form.moments(LONDON)
    run_with_messages(request, lambda: services.session_move(
        session=session, starts_at=starts, ends_at=ends, reason=form.cleaned_data["reason"],
        by=user), "Session moved. Everyone on it will be told.")
    return redirect("calendar:session", session_id=session.pk)


@login_required
@require_POST
def session_cancel(request: HttpRequest, session_id: int) -> HttpResponse:
    user = require_role(request, PLANNERS)
    session = get_object_or_404(Session, pk=session_id)
    form = CancelForm(request.POST, prefix="cancel")
    if not form.is_valid():
        messages.error(request, "Give a reason for cancelling.")
        return redirect("calendar:session", session_id=session.pk)
    run_with_messages(request, lambda: services.session_cancel(
        session=session, reason=form.cleaned_data["reason"], by=user),
        "Session cancelled. Everyone on it will be told.")
    return redirect("calendar:session", session_id=session.pk)


@login_required
@require_POST
def session_add(request: HttpRequest, run_id: int) -> HttpResponse:
    user = require_role(request, PLANNERS)
    run = get_object_or_404(GroupRun.objects.select_related("room"), pk=run_id)
    form = AddSessionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Check the kind, date and times.")
        return redirect("calendar:run_sessions", run_id=run.pk)
    starts, ends = form.moments(LONDON)
    try:
        session = services.session_add(run=run, kind=form.cleaned_data["kind"], starts_at=starts,
                                       ends_at=ends, reason=form.cleaned_data["reason"], by=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("calendar:run_sessions", run_id=run.pk)
    messages.success(request, "Session added.")
    return redirect("calendar:session", session_id=session.pk)

