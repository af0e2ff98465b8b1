"""The top navigation: each member of staff sees the pages their role can open."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from scheduler.platform.mfa_middleware import needs_second_factor
from scheduler.platform.permissions import (
    ADMINISTRATORS,
    CRECHE_STAFF,
    PERSONAL_RECORD_READERS,
    PLANNERS,
    REGISTER_TAKERS,
    REPORT_READERS,
)

NAV: list[tuple[str, str, tuple[str, ...]]] = [
    ("My sessions", "attendance:my_sessions", REGISTER_TAKERS),
    ("Term calendar", "calendar:term", PLANNERS),
    ("Programmes", "programmes:index", PLANNERS),
    ("People", "programmes:people", PLANNERS),
    ("Questionnaires", "programmes:questionnaires_due", PERSONAL_RECORD_READERS),
    ("Feedback", "programmes:feedback", PERSONAL_RECORD_READERS),
    ("Complaints", "programmes:comments", PLANNERS),
    ("Crèche", "creche:today", CRECHE_STAFF),
    ("Quarterly report", "attendance:quarterly_report", REPORT_READERS),
    ("Outcomes", "attendance:outcomes", REPORT_READERS),
    ("Texts", "notifications:inbox", PLANNERS),  # replies, outbox, wording, consent
    ("Data protection", "privacy:access_log", ADMINISTRATORS),  # log, access, erasure
]


def nav_for(user: object) -> list[tuple[str, str]]:
    has_role = getattr(user, "has_role", None)
    if not getattr(user, "is_authenticated", False) or has_role is None:
        return []
    return [(label, reverse(name)) for label, name, roles in NAV if has_role(*roles)]


def navigation(request: HttpRequest) -> dict[str, object]:
    """Template context processor. Before the second factor, no page is open: no links."""
    if needs_second_factor(request):
        return {"nav_links": []}
    return {"nav_links": nav_for(request.user)}
