"""The term at a glance: weeks × venues, each cell the sessions held there that week."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from scheduler.calendar.clashes import BLOCK, check
from scheduler.calendar.selectors import (
    clash_inputs,
    local_day_bounds,
    session_slots,
    sessions_filtered,
)
from scheduler.models import Session, Term, User, Venue

VENUES_PER_PAGE = 8
MAX_SESSIONS = 2000  # a term of 200 runs × 12 sessions fits with room to spare


@dataclass
class Glance:
    term: Term
    weeks: list[dt.date]  # Mondays
    venues: list[Venue]
    cells: dict[tuple[dt.date, int], list[Session]] = field(default_factory=dict)
    severity: dict[int, str] = field(default_factory=dict)  # session id → worst clash
    truncated: bool = False
    page: int = 1
    pages: int = 1

    def rows(self) -> list[tuple[dt.date, list[list[tuple[Session, str]]]]]:
        """Per week, per venue: (session, worst clash severity or "")."""
        return [(w, [[(s, self.severity.get(s.id, "")) for s in self.cells.get((w, v.id), [])]
                     for v in self.venues]) for w in self.weeks]


def default_term(today: dt.date | None = None) -> Term | None:
    """The term running today, else the next one, else the latest."""
    today = today or timezone.localdate()
    terms = Term.objects.select_related("calendar__locality").order_by("starts_on")
    return (terms.filter(starts_on__lte=today, ends_on__gte=today).first()
            or terms.filter(starts_on__gt=today).first() or terms.last())


def _mondays(start: dt.date, end: dt.date) -> list[dt.date]:
    first = start - dt.timedelta(days=start.weekday())
    return [first + dt.timedelta(weeks=n) for n in range((end - first).days // 7 + 1)]


def _severities(sessions: list[Session]) -> dict[int, str]:
    """Clashes among the term's sessions (all of them, not only the filtered ones)."""
    slots = session_slots(sessions)
    availability, links = clash_inputs(slots)
    worst: dict[int, str] = {}
    for clash in check(slots, availability=availability, links=links):
        for key in filter(None, (clash.key, clash.other)):
            sid = int(key[1:])
            if worst.get(sid) != BLOCK:
                worst[sid] = clash.severity
    return worst


def term_glance(*, user: User, term: Term, programme_id: int | None = None,
                venue_id: int | None = None, facilitator_id: int | None = None,
                page: int = 1) -> Glance:
    sessions: QuerySet[Session] = sessions_filtered(
        user=user, start=term.starts_on, end=term.ends_on, venue_id=venue_id,
        facilitator_id=facilitator_id, programme_id=programme_id)
    shown = list(sessions.select_related("room__venue")[:MAX_SESSIONS + 1])
    venue_ids = sorted({s.run.venue_id for s in shown})
    pages = max(1, -(-len(venue_ids) // VENUES_PER_PAGE))
    page = min(max(page, 1), pages)
    venues = list(Venue.objects.filter(
        id__in=venue_ids).order_by("name"))[(page - 1) * VENUES_PER_PAGE:page * VENUES_PER_PAGE]
    glance = Glance(term, _mondays(term.starts_on, term.ends_on), venues,
                    truncated=len(shown) > MAX_SESSIONS, page=page, pages=pages)
    cells: dict[tuple[dt.date, int], list[Session]] = defaultdict(list)
    for s in shown[:MAX_SESSIONS]:
        day = timezone.localtime(s.starts_at).date()
        cells[(day - dt.timedelta(days=day.weekday()), s.run.venue_id)].append(s)
    glance.cells = dict(cells)
    start, end = local_day_bounds(term.starts_on)[0], local_day_bounds(term.ends_on)[1]
    every = Session.objects.filter(starts_at__gte=start, starts_at__lt=end).select_related("room")
    glance.severity = _severities(list(every[:MAX_SESSIONS * 2]))
    return glance
