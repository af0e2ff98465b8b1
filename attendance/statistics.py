"""Quarterly counts for commissioners, derived from registers (never typed in).

Definitions (domain.md §1, §6; our defaults where no published one exists):
  * starter — an enrolment on a group programme whose first attended session falls in the
    quarter (an assessment is not a start);
  * completer — an enrolment whose completion rule was first met at a session in the quarter;
  * a group run *started* when its first non-cancelled session was held, and *completed*
    when its last non-cancelled session was held;
  * training & awareness sessions and community events: non-cancelled sessions held;
  * drop-in attendances: present/late marks at drop-in sessions.
This module returns raw figures, including per-person rows for the equality tables; only
`attendance.reports` turns them into published (suppressed) counts. Never serve them as is.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import Exists, Max, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from attendance.dropins import dropin_attendances_between
from attendance.enrolment_facts import EnrolmentFacts
from attendance.models import Mark, MarkStatus
from attendance.quarters import Quarter
from attendance.return_basis import GROUP_DELIVERIES as GROUP_DELIVERIES  # read from here too
from attendance.return_basis import return_basis
from attendance.scope import WHOLE, ReturnScope
from programmes.enums import Delivery, OutputCategory
from programmes.models import Demographics, GroupRun
from scheduler.calendar.enums import SessionStatus
from scheduler.models import Session
from scheduler.platform.raw_sql import id_table

CONFIDENTIAL_VENUE = "Confidential venue"


class Profile(NamedTuple):
    """A person's equality answers as the return reads them: her demographics row's answers
    and her locality's name (no name, no contact). A tuple, not a model: a return reads tens
    of thousands, and building each as a Demographics with its locality cost more than the
    query."""

    participant_id: int
    date_of_birth: dt.date | None
    sex: str
    gender_same_as_sex: str
    ethnic_group: str
    ethnicity: str
    sexual_orientation: str
    religion: str
    marital_status: str
    disability: str
    pregnant: str
    no_recourse_to_public_funds: str
    interpreter_needed: str
    locality: str | None  # the locality's name

    def answers_on(self, day: dt.date | None) -> tuple[Any, ...]:
        """What every equality table reads of her, for a start on `day`: her answers and her
        age then (not who she is, nor her date of birth): people alike share it."""
        return self[2:], age_on(self.date_of_birth, day)


def age_on(born: dt.date | None, day: dt.date | None) -> int | None:
    """Age in whole years on `day` (None where either is unknown)."""
    if born is None or day is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


# Read as values (each through its field: the date of birth is decrypted), in Profile's order.
_PROFILE_COLUMNS = [*Profile._fields[:-1], "locality__name"]


class Person(NamedTuple):
    """One starter or completer, for the equality tables only (no name, no id published). A
    named tuple, as Profile: a frozen dataclass took 3 µs each to build, 0.1 s a return."""

    category: str  # the programme's output category
    start: dt.date | None  # first attended session (age is taken on this day)
    demographics: Profile | None


@dataclass
class QuarterlyFigures:
    quarter: Quarter
    starters: list[Person]
    completers: list[Person]
    groups_started: Counter[str]
    groups_completed: Counter[str]
    training_venues: Counter[str]
    community_events: int
    drop_in_attendances: int
    one_to_one_hours: float
    notes: list[str] = field(default_factory=list)


def _attended_marks() -> QuerySet[Mark]:
    return (Mark.objects.filter(status__in=list(MarkStatus.attended()))
            .exclude(session__status=SessionStatus.CANCELLED))


def _group_marks(scope: ReturnScope = WHOLE) -> QuerySet[Mark]:
    return (_attended_marks().filter(enrolment__run__programme__delivery__in=GROUP_DELIVERIES)
            .filter(scope.people("enrolment__")))


def first_attended(*, enrolment_ids: set[int] | None = None,
                   scope: ReturnScope = WHOLE) -> QuerySet[Any, dict[str, Any]]:
    """(enrolment_id, first) rows: when each enrolment first attended a group session.
    (Typed Any: `first` is an annotation, which the checker would refuse as a Mark field.)"""
    qs = _group_marks(scope)
    if enrolment_ids is not None:
        qs = qs.filter(enrolment_id__in=enrolment_ids)
    return qs.values("enrolment_id").annotate(first=Min("session__starts_at")).order_by()


def starters_in(quarter: Quarter, scope: ReturnScope = WHOLE) -> dict[int, dt.datetime]:
    """Enrolment id → first attended session, for the quarter's starters (return_basis)."""
    return return_basis(quarter, scope).starters()


def completers_in(quarter: Quarter, now: dt.datetime | None = None,
                  scope: ReturnScope = WHOLE) -> dict[int, dt.datetime]:
    """Enrolment id → when the rule was first met, for the quarter's completers. (`now` is
    kept for callers: when a rule was met does not depend on what is still to come.)"""
    return return_basis(quarter, scope).completers()


def people(facts: Iterable[EnrolmentFacts]) -> list[Person]:
    """The equality rows of these enrolments: their demographics in one query."""
    rows = list(facts)
    demographics = Demographics.objects.filter(
        participant_id__in=id_table(f.participant_id for f in rows))
    found = {r[0]: Profile._make(r) for r in demographics.values_list(*_PROFILE_COLUMNS)}
    days = local_days(f.first_attended for f in rows)
    return [Person(category=f.category,
                   start=days[f.first_attended] if f.first_attended else None,
                   demographics=found.get(f.participant_id))
            for f in rows]


def local_days(moments: Iterable[dt.datetime | None]) -> dict[dt.datetime, dt.date]:
    """Each moment's London day, worked out once per moment (many people share a session)."""
    return {m: timezone.localdate(m) for m in set(moments) if m is not None}


def _held(quarter: Quarter, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    start, end = quarter.bounds()
    return start, min(end, now)


def group_runs(quarter: Quarter, now: dt.datetime,
               scope: ReturnScope = WHOLE) -> tuple[Counter[str], Counter[str]]:
    """Groups started and groups completed in the quarter, by output category."""
    start, end = _held(quarter, now)
    held = ~Q(sessions__status=SessionStatus.CANCELLED)
    runs = (GroupRun.objects.filter(programme__delivery__in=GROUP_DELIVERIES).filter(scope.runs())
            .annotate(first=Min("sessions__starts_at", filter=held),
                      last=Max("sessions__starts_at", filter=held))
            .filter(Q(first__gte=start, first__lt=end) | Q(last__gte=start, last__lt=end))
            .values_list("programme__output_category", "first", "last", "status"))
    started: Counter[str] = Counter()
    completed: Counter[str] = Counter()
    for category, first, last, _status in runs:
        if start <= first < end:
            started[category] += 1
        if start <= last < end:
            completed[category] += 1
    return started, completed


def _sessions_held(quarter: Quarter, now: dt.datetime, category: str,
                   scope: ReturnScope = WHOLE) -> QuerySet[Session]:
    start, end = _held(quarter, now)
    return (Session.objects.filter(run__programme__output_category=category,
                                   starts_at__gte=start, starts_at__lt=end)
            .filter(scope.runs("run__"))
            .exclude(status=SessionStatus.CANCELLED))


def training_venues(quarter: Quarter, now: dt.datetime,
                    scope: ReturnScope = WHOLE) -> Counter[str]:
    """Training & awareness sessions held, by venue; a confidential venue is never named."""
    rows = _sessions_held(quarter, now, OutputCategory.TRAINING, scope).values_list(
        "room__venue__name", "room__venue__is_confidential", "run__venue__name",
        "run__venue__is_confidential")
    venues: Counter[str] = Counter()
    for room_venue, room_secret, run_venue, run_secret in rows:
        name, secret = (room_venue, room_secret) if room_venue else (run_venue, run_secret)
        venues[CONFIDENTIAL_VENUE if secret else name] += 1
    return venues


def drop_in_attendances(quarter: Quarter, now: dt.datetime, scope: ReturnScope = WHOLE) -> int:
    """Named attendances at drop-ins plus the anonymous headcounts (attendance.dropins)."""
    start, end = _held(quarter, now)
    return dropin_attendances_between(start=start, end=end,
                                      sessions=scope.runs("session__run__")).total


def one_to_one_hours(quarter: Quarter, now: dt.datetime, scope: ReturnScope = WHOLE) -> float:
    """Hours of one-to-one sessions held at which the participant attended."""
    start, end = _held(quarter, now)
    attended = _attended_marks().filter(session=OuterRef("pk"))
    rows = (Session.objects.filter(run__programme__delivery=Delivery.ONE_TO_ONE,
                                   starts_at__gte=start, starts_at__lt=end)
            .filter(scope.runs("run__"))
            .exclude(status=SessionStatus.CANCELLED).filter(Exists(attended))
            .values_list("starts_at", "ends_at"))
    return round(sum((e - s).total_seconds() for s, e in rows) / 3600, 1)


def quarterly_figures(*, quarter: Quarter, now: dt.datetime | None = None,
                      scope: ReturnScope = WHOLE) -> QuarterlyFigures:
    now = now or timezone.now()
    started, completed = group_runs(quarter, now, scope)
    basis = return_basis(quarter, scope)
    starters, completers = basis.starters(), basis.completers()
    starting = [f for f in basis.people if f.enrolment_id in starters]
    completing = [f for f in basis.people if f.enrolment_id in completers]
    everyone = people([*starting, *completing])  # one read of demographics
    return QuarterlyFigures(
        quarter=quarter,
        starters=everyone[:len(starting)],
        completers=everyone[len(starting):],
        groups_started=started,
        groups_completed=completed,
        training_venues=training_venues(quarter, now, scope),
        community_events=_sessions_held(quarter, now, OutputCategory.COMMUNITY_EVENT,
                                        scope).count(),
        drop_in_attendances=drop_in_attendances(quarter, now, scope),
        one_to_one_hours=one_to_one_hours(quarter, now, scope),
    )
