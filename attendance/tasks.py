"""django-q2 tasks for attendance: what follows a register, and the quarterly returns.
Ids in, one service call each."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from attendance import aftermath, not_taken
from attendance.derivation import enrolments_refresh_outcomes
from attendance.quarters import Quarter
from attendance.return_store import return_compute, return_request
from attendance.stored_exports import export_store, last_ended_quarter
from scheduler.models import User


def refresh_run_outcomes(run_id: int, by_id: int | None = None) -> None:
    """Re-derive a run's starters and completers after its registers changed (idempotent)."""
    by = User.objects.filter(pk=by_id).first() if by_id else None
    enrolments_refresh_outcomes(run_id=run_id, by=by)


def after_register(session_id: int) -> None:
    """Follow-ups and partner-support alerts derived from a session's register (idempotent)."""
    aftermath.after_register(session_id=session_id)


def register_submitted(session_id: int, run_id: int, by_id: int | None = None) -> None:
    """What a saved register sets in motion, as one queued task (one enqueue per save): the
    run's outcomes first, then the follow-ups and alerts, which read them. Both steps are
    idempotent, so a retry after a failure in either repeats both safely. The two tasks above
    stay for anything queued before this one existed."""
    refresh_run_outcomes(run_id, by_id)
    after_register(session_id)


def partner_alerts_for_removals() -> int:
    """Periodic: alert partner-support workers of perpetrators removed in the last day."""
    return aftermath.partner_alerts_for_removals(since=timezone.now() - dt.timedelta(days=1))


def registers_not_taken_digest() -> int:
    """Daily: the overdue registers per facilitator, kept for the coordinators' dashboard."""
    return not_taken.digest_record(day=timezone.localdate())


def compute_quarterly_return(computation_id: int) -> None:
    return_compute(computation_id=computation_id)


def refresh_quarterly_returns() -> None:
    """Scheduled: recompute this quarter and the last (registers for them still change)."""
    current = Quarter.of(timezone.localdate())
    previous = Quarter(current.year - 1, 4) if current.number == 1 else Quarter(
        current.year, current.number - 1)
    for quarter in (previous, current):
        return_request(quarter=quarter, threshold=settings.SMALL_CELL_THRESHOLD)


def store_quarterly_exports() -> int:
    """Scheduled daily: store the last ended quarter's XLSX and CSV for the manager."""
    quarter = last_ended_quarter(timezone.localdate())
    return len(export_store(quarter=quarter, threshold=settings.SMALL_CELL_THRESHOLD))
