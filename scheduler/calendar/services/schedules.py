"""Planning a group run: preview a rule, save it, and generate its concrete sessions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from recurrence import Recurrence

from programmes.models import GroupRun
from scheduler.calendar.clashes import Clash, Slot, blocking, check
from scheduler.calendar.enums import SessionKind
from scheduler.calendar.recurrence import (
    HORIZON_DAYS,
    Plan,
    PlanError,
    as_recurrence,
    plain_rule,
    plan_dates,
)
from scheduler.calendar.selectors import (
    clash_inputs,
    closure_index_for,
    possible_clashers,
    run_facts,
    session_slots,
    slot_for,
)
from scheduler.models import Schedule, Session, TermCalendar, User

MAX_DURATION_MINUTES = 12 * 60
ROOM_CONSTRAINT = "session_no_room_double_booking"  # PostgreSQL only, see migration 0003


@dataclass(frozen=True)
class Preview:
    plan: Plan
    duration: dt.timedelta
    clashes: list[Clash]


def schedule_rule(*, rule: str = "", weekdays: Iterable[int] = (), every_weeks: int = 1) -> str:
    """The rule to store: the one given, or the plain words (weekdays, weekly/fortnightly)
    turned into one. Giving both is ambiguous and refused."""
    days = list(weekdays)
    if rule.strip() and days:
        raise ValidationError({"rule": "Give a rule or weekdays, not both"})
    if rule.strip():
        return rule.strip()
    try:
        return plain_rule(weekdays=days, every_weeks=every_weeks)
    except PlanError as exc:
        raise ValidationError({exc.field: exc.message}) from exc


def _check_duration(minutes: int) -> dt.timedelta:
    if not 1 <= minutes <= MAX_DURATION_MINUTES:
        raise ValidationError({"duration_minutes": "A session lasts 1 minute to 12 hours"})
    return dt.timedelta(minutes=minutes)


def _plan(*, run: GroupRun, rule: Recurrence | str, start_date: dt.date, start_time: dt.time,
          target: int, calendar_ids: Iterable[int], after: dt.datetime | None = None,
          also_closed: dict[dt.date, str] | None = None) -> Plan:
    if start_time.tzinfo is not None:
        raise ValidationError({"start_time": "Give the local time without an offset, e.g. 10:00"})
    ids = sorted(set(calendar_ids))
    if len(ids) != TermCalendar.objects.filter(id__in=ids).count():
        raise ValidationError({"calendar_ids": "Unknown term calendar"})
    index = closure_index_for(venue_id=run.venue_id, calendar_ids=ids, start=start_date,
                              end=start_date + dt.timedelta(days=HORIZON_DAYS),
                              follow_terms=bool(ids))
    extra = also_closed or {}
    try:
        return plan_dates(rule=rule, start_date=start_date, start_time=start_time, target=target,
                          closed=lambda day: extra.get(day) or index(day), after=after)
    except PlanError as exc:
        raise ValidationError({exc.field: exc.message}) from exc


def _planned_slots(run: GroupRun, starts: Iterable[dt.datetime],
                   duration: dt.timedelta) -> list[Slot]:
    facts = run_facts([run.id])[run.id]
    return [slot_for(key=f"p{n}", facts=facts, starts_at=start, ends_at=start + duration,
                     room=run.room) for n, start in enumerate(starts, start=1)]


def clashes_for(slots: list[Slot], *, ignore_session_ids: Iterable[int] = ()) -> list[Clash]:
    """Clashes between these slots and every other saved session around them."""
    if not slots:
        return []
    ignore = set(ignore_session_ids)
    others = [s for s in possible_clashers(slots) if s.id not in ignore]
    everything = slots + session_slots(others)
    availability, links = clash_inputs(everything)
    return check(everything, availability=availability, links=links,
                 involving={s.key for s in slots})


@dataclass(frozen=True)
class ClashSummary:
    """A session's clashes in brief: how many block, how many warn, which rules."""

    blocking: int = 0
    warnings: int = 0
    rules: tuple[str, ...] = ()


def clash_summaries(sessions: Iterable[Session]) -> dict[int, ClashSummary]:
    """Each session's clash summary, for a page of sessions at once (a fixed number of
    queries). Rules only: who and why stay behind the session detail's restricted view."""
    sessions = list(sessions)
    slots = session_slots(sessions)
    keys = {s.key for s in slots}
    found: dict[int, list[Clash]] = {}
    for clash in clashes_for(slots, ignore_session_ids=[s.pk for s in sessions]):
        for key in {k for k in (clash.key, clash.other) if k in keys}:
            found.setdefault(int(key[1:]), []).append(clash)
    return {pk: ClashSummary(blocking=len(blocking(cs)), warnings=len(cs) - len(blocking(cs)),
                             rules=tuple(sorted({c.rule for c in cs})))
            for pk, cs in found.items()}


def refuse_blocking(clashes: list[Clash]) -> None:
    refused = blocking(clashes)
    if refused:
        raise ValidationError({"clashes": [c.message for c in refused]})


def schedule_preview(*, run: GroupRun, rule: Recurrence | str, start_date: dt.date,
                     start_time: dt.time, duration_minutes: int, target_sessions: int,
                     calendars: Iterable[int] = ()) -> Preview:
    """Dates, skipped dates with reasons and clashes; saves nothing."""
    duration = _check_duration(duration_minutes)
    plan = _plan(run=run, rule=rule, start_date=start_date, start_time=start_time,
                 target=target_sessions, calendar_ids=calendars)
    ignore = run.sessions.filter(kind=SessionKind.GROUP).values_list("id", flat=True)
    return Preview(plan, duration, clashes_for(_planned_slots(run, plan.starts, duration),
                                               ignore_session_ids=ignore))


@transaction.atomic
def schedule_set(*, run: GroupRun, rule: Recurrence | str, start_date: dt.date,
                 start_time: dt.time, duration_minutes: int, target_sessions: int,
                 calendars: Iterable[int] = (), by: User | None) -> Schedule:
    """Save (or replace) a run's rule after checking it yields the target number of dates."""
    calendar_ids = list(calendars)
    _check_duration(duration_minutes)
    _plan(run=run, rule=rule, start_date=start_date, start_time=start_time,
          target=target_sessions, calendar_ids=calendar_ids)
    schedule, _ = Schedule.objects.update_or_create(run=run, defaults={
        "rule": as_recurrence(rule), "start_date": start_date, "start_time": start_time,
        "duration_minutes": duration_minutes, "target_sessions": target_sessions})
    schedule.calendars.set(calendar_ids)
    return schedule


@contextmanager
def room_constraint_deferred() -> Iterator[None]:
    """On PostgreSQL, let a run's sessions pass through each other while being shifted."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SET CONSTRAINTS {ROOM_CONSTRAINT} DEFERRED")
        yield
        try:
            with transaction.atomic():
                cursor.execute(f"SET CONSTRAINTS {ROOM_CONSTRAINT} IMMEDIATE")
        except IntegrityError as exc:
            raise ValidationError({"clashes": "The room is already booked at this time"}) from exc
