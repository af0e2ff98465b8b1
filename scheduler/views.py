"""Each role's home: the main job of the day, as panels (the composition root: it may import
every app).

A panel provider takes the user and today's date and returns a Panel, or None when it has
nothing to say. Features add their own provider to the role's list (follow-ups, registers not
taken, urgent SMS replies...) without touching the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from creche.selectors import incidents_unacknowledged_count
from notifications.selectors import urgent_replies_unread
from scheduler.calendar.selectors import sessions_filtered, sessions_for_user_on
from scheduler.calendar.services import ClashSummary, clash_summaries
from scheduler.models import User
from scheduler.platform.permissions import PLANNERS
from scheduler.platform.requests import AuthedRequest
from scheduler.platform.roles import Role

WEEK_LIMIT = 50  # the home shows at most this many of the week's sessions; the calendar has all
RULE_WORDS = {"room_overlap": "room double-booked", "facilitator_overlap": "facilitator elsewhere",
              "facilitator_unavailable": "facilitator unavailable",
              "room_capacity": "room too small", "keep_apart": "keep-apart rule"}


@dataclass(frozen=True)
class Panel:
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelProvider = Callable[[User, dt.date], Panel | None]


def todays_sessions(user: User, today: dt.date) -> Panel:
    sessions = list(sessions_for_user_on(user=user, day=today))
    return Panel("Your sessions today", "scheduler/panels/today.html", {
        "sessions": sessions, "my_sessions": reverse("attendance:my_sessions")})


def week_sessions(user: User, today: dt.date) -> Panel:
    """This week's sessions, each with its clash summary; clashes listed first."""
    sessions = list(sessions_filtered(user=user, start=today,
                                      end=today + dt.timedelta(days=6))[:WEEK_LIMIT])
    summaries = clash_summaries(sessions)
    rows = []
    for session in sessions:
        summary = summaries.get(session.pk, ClashSummary())
        rows.append((session, summary, [RULE_WORDS.get(r, r) for r in summary.rules]))
    return Panel("This week", "scheduler/panels/week.html", {
        "rows": rows, "clashing": [r for r in rows if r[1].blocking or r[1].warnings],
        "limit": WEEK_LIMIT, "calendar": reverse("calendar:term")})


def urgent_replies(user: User, today: dt.date) -> Panel | None:
    """Replies that may mean danger, or a stop in plain words from an unsafe number: first."""
    unread = urgent_replies_unread()
    if not unread:
        return None
    return Panel("Urgent text replies", "scheduler/panels/alert.html", {
        "message": f"{len(unread)} urgent text {'reply' if len(unread) == 1 else 'replies'} "
                   "not read yet. Read them now.",
        "url": reverse("notifications:inbox"), "action": "Read the replies"})


def collection_incidents(user: User, today: dt.date) -> Panel | None:
    """A never-collect or unknown adult was refused at the crèche door."""
    count = incidents_unacknowledged_count()
    if not count:
        return None
    return Panel("Crèche collection refused", "scheduler/panels/alert.html", {
        "message": f"{count} refused {'collection' if count == 1 else 'collections'} at the "
                   "crèche not acknowledged yet.",
        "url": reverse("creche:incidents"), "action": "See what happened"})


def _links(title: str, links: list[tuple[str, str]]) -> Panel:
    return Panel(title, "scheduler/panels/links.html", {"label": title, "links": [
        (label, reverse(name)) for label, name in links]})


def after_registers(user: User, today: dt.date) -> Panel:
    """What registers set in motion: follow-ups, walk-ins, gaps and alerts."""
    links = [("Follow-ups after sessions", "attendance:followups"),
             ("Partner-support alerts", "attendance:partner_alerts")]
    if user.has_role(*PLANNERS):
        links += [("Walk-ins to confirm", "attendance:walk_ins"),
                  ("Registers not taken", "attendance:not_taken"),
                  ("Register revisions", "attendance:revisions")]
    return _links("After the registers", links)


def planning_links(user: User, today: dt.date) -> Panel:
    return Panel("Plan", "scheduler/panels/links.html", {"label": "Plan", "links": [
        ("Programmes, runs and enrolments", reverse("programmes:index")),
        ("Participants, referrals and keep-apart links", reverse("programmes:people")),
        ("Referrals and assessments", reverse("programmes:referrals")),
        ("Term calendar", reverse("calendar:term")),
    ]})


def desk_links(user: User, today: dt.date) -> Panel:
    """The coordinator's desk: the places, terms, closures and people a schedule depends on."""
    return _links("Venues, terms and staff", [
        ("Venues and rooms", "calendar:venues"), ("Term calendars", "calendar:term_calendars"),
        ("Closures and bank holidays", "calendar:closures"),
        ("Facilitators' availability and leave", "calendar:facilitators")])


def my_availability(user: User, today: dt.date) -> Panel:
    return Panel("My availability", "scheduler/panels/links.html", {
        "label": "My availability", "links": [
            ("My availability and leave", reverse("calendar:availability", args=[user.pk]))]})


def creche_today(user: User, today: dt.date) -> Panel:
    return _links("Today's crèche", [("Open today's crèche sessions", "creche:today")])


def reports(user: User, today: dt.date) -> Panel:
    return _links("Reports", [("Dashboard", "attendance:dashboard"),
                              ("Quarterly report", "attendance:quarterly_report"),
                              ("Quarterly exports to download", "attendance:stored_exports"),
                              ("Outcomes", "attendance:outcomes"),
                              ("Population figures for reach", "attendance:population"),
                              ("Register revisions", "attendance:revisions")])


PANELS: dict[str, list[PanelProvider]] = {
    Role.COORDINATOR: [urgent_replies, collection_incidents, week_sessions, after_registers,
                       planning_links, desk_links],
    Role.ADMIN: [urgent_replies, collection_incidents, week_sessions, after_registers,
                 planning_links, desk_links],
    Role.FACILITATOR: [todays_sessions, after_registers, my_availability],
    Role.CRECHE_WORKER: [creche_today],
    Role.MANAGER: [reports],
}


def panels_for(user: User, today: dt.date) -> list[Panel]:
    role = Role.ADMIN if user.is_superuser else user.role
    found = (provider(user, today) for provider in PANELS.get(role, []))
    return [panel for panel in found if panel is not None]


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(request, "scheduler/home.html", {"today": today,
                                                   "panels": panels_for(request.user, today)})
