"""Background work that follows a register (django-q2): ids in, one service call."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from attendance import aftermath, not_taken
from attendance.derivation import enrolments_refresh_outcomes
from scheduler.models import User


def refresh_run_outcomes(run_id: int, by_id: int | None = None) -> None:
    """Re-derive a run's starters and completers after its registers changed (idempotent)."""
    by = User.objects.filter(pk=by_id).first() if by_id else None
    enrolments_refresh_outcomes(run_id=run_id, by=by)


def after_register(session_id: int) -> None:
    """Follow-ups and partner-support alerts derived from a session's register (idempotent)."""
    aftermath.after_register(session_id=session_id)


def partner_alerts_for_removals() -> int:
    """Periodic: alert partner-support workers of perpetrators removed in the last day."""
    return aftermath.partner_alerts_for_removals(since=timezone.now() - dt.timedelta(days=1))


def registers_not_taken_digest() -> int:
    """Daily: the overdue registers per facilitator, kept for the coordinators' dashboard."""
    return not_taken.digest_record(day=timezone.localdate())
