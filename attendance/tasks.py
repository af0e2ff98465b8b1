"""Background work that follows a register (django-q2): ids in, one service call."""

from __future__ import annotations

from attendance.derivation import enrolments_refresh_outcomes
from scheduler.models import User


def refresh_run_outcomes(run_id: int, by_id: int | None = None) -> None:
    """Re-derive a run's starters and completers after its registers changed (idempotent)."""
    by = User.objects.filter(pk=by_id).first() if by_id else None
    enrolments_refresh_outcomes(run_id=run_id, by=by)
