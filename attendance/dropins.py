"""Drop-in attendances between two moments, named and anonymous, for the quarterly return.

Named: marks of people who came (present, late, left early) at sessions of drop-in
programmes. Anonymous: the headcounts of people who gave no name. Cancelled sessions count
nothing. Two queries however many sessions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, Sum

from attendance.models import Headcount, Mark, MarkStatus
from programmes.enums import Delivery
from scheduler.calendar.enums import SessionStatus


@dataclass(frozen=True)
class DropInAttendances:
    named: int
    anonymous: int

    @property
    def total(self) -> int:
        return self.named + self.anonymous


def dropin_attendances_between(*, start: dt.datetime, end: dt.datetime,
                               sessions: Q | None = None) -> DropInAttendances:
    """Attendances at drop-in sessions starting in [start, end), optionally only at the
    sessions `sessions` (a filter on the mark's or headcount's session) selects."""
    where = sessions or Q()
    in_range = {"session__starts_at__gte": start, "session__starts_at__lt": end,
                "session__run__programme__delivery": Delivery.DROP_IN}
    named = (Mark.objects.filter(where, status__in=list(MarkStatus.attended()), **in_range)
             .exclude(session__status=SessionStatus.CANCELLED).count())
    anonymous = (Headcount.objects.filter(where, **in_range)
                 .exclude(session__status=SessionStatus.CANCELLED)
                 .aggregate(total=Sum("count"))["total"]) or 0
    return DropInAttendances(named=named, anonymous=anonymous)
