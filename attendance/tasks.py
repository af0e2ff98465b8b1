"""django-q2 tasks for attendance: ids in, one service call."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from attendance.quarters import Quarter
from attendance.return_store import return_compute, return_request


def compute_quarterly_return(computation_id: int) -> None:
    return_compute(computation_id=computation_id)


def refresh_quarterly_returns() -> None:
    """Scheduled: recompute this quarter and the last (registers for them still change)."""
    current = Quarter.of(timezone.localdate())
    previous = Quarter(current.year - 1, 4) if current.number == 1 else Quarter(
        current.year, current.number - 1)
    for quarter in (previous, current):
        return_request(quarter=quarter, threshold=settings.SMALL_CELL_THRESHOLD)
