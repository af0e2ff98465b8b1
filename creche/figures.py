"""Crèche figures for the quarterly return (seed 000 Lot 1: "crèche hours provided"):
opening hours, child-hours, distinct children and take-up (booked vs attended vs capacity),
per locality (the venue's) and in total, for any date range (the returns issue passes a
quarter's first and last day through `attendance/return_sections.py`).

Cancelled sessions count for nothing. A child never signed out counts until the crèche ends.
Three queries however many sessions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from creche.models import Attendance, CrecheSession
from creche.ratios import creche_hours
from scheduler.calendar.enums import SessionStatus
from scheduler.calendar.selectors import local_day_bounds


@dataclass(frozen=True)
class CrecheFigures:
    locality: str  # "" for the total row
    sessions: int
    opening_hours: float
    child_hours: float
    children: int  # distinct children who attended
    capacity: int  # places offered (sum of capacities)
    booked: int
    attended: int  # bookings with at least one sign-in


@dataclass(frozen=True)
class CrecheReturn:
    by_locality: list[CrecheFigures]
    total: CrecheFigures


def _window(first_day: dt.date, last_day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return local_day_bounds(first_day)[0], local_day_bounds(last_day)[1]


def creche_figures_between(*, first_day: dt.date, last_day: dt.date,
                           where: Q | None = None) -> CrecheReturn:
    """Figures for crèches running from first_day to last_day inclusive (London days),
    optionally only those `where` selects."""
    start, end = _window(first_day, last_day)
    sessions = list(CrecheSession.objects.filter(where or Q(), starts_at__lt=end,
                                                 ends_at__gt=start)
                    .exclude(session__status=SessionStatus.CANCELLED)
                    .annotate(n_booked=Count("bookings", distinct=True),
                              n_attended=Count("bookings", distinct=True,
                                               filter=Q(bookings__attendances__isnull=False)))
                    .values_list("pk", "venue__locality__name", "starts_at", "ends_at", "capacity",
                                 "n_booked", "n_attended"))
    stays = list(Attendance.objects.filter(booking__creche_session__in=[s[0] for s in sessions])
                 .values_list("booking__creche_session_id", "booking__child_id", "signed_in_at",
                              "signed_out_at"))
    groups: dict[str, list[tuple]] = defaultdict(list)  # type: ignore[type-arg]
    for row in sessions:
        groups[row[1]].append(row)
    rows = [_figures(name, group, stays, start, end) for name, group in sorted(groups.items())]
    return CrecheReturn(by_locality=rows, total=_figures("", sessions, stays, start, end))


def _figures(locality: str, sessions: list[tuple], stays: list[tuple],  # type: ignore[type-arg]
             start: dt.datetime, end: dt.datetime) -> CrecheFigures:
    closes = {pk: ends for pk, _, _, ends, *_ in sessions}
    hours = creche_hours(
        openings=[(opens, ends) for _, _, opens, ends, *_ in sessions],
        stays=[(child, arrived, left or max(closes[pk], arrived))
               for pk, child, arrived, left in stays if pk in closes],
        start=start, end=end)
    return CrecheFigures(locality=locality, sessions=hours.sessions,
                         opening_hours=hours.opening_hours, child_hours=hours.child_hours,
                         children=hours.children, capacity=sum(s[4] for s in sessions),
                         booked=sum(s[5] for s in sessions), attended=sum(s[6] for s in sessions))
