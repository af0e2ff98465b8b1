"""Turning a run's saved schedule into concrete sessions, touching only its future."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from programmes.enums import Delivery
from programmes.models import GroupRun, Topic
from scheduler.calendar.enums import SessionKind, SessionStatus
from scheduler.calendar.services.schedules import (
    _check_duration,
    _plan,
    _planned_slots,
    clashes_for,
    refuse_blocking,
    room_constraint_deferred,
    schedule_set,
)
from scheduler.models import ChangeKind, Schedule, Session, SessionChange, User
from scheduler.platform.timezones import LONDON


def _topic_for(number: int, topics: list[Topic], rolling: bool) -> Topic | None:
    """The curriculum in order; rolling programmes cycle through it."""
    if not topics:
        return None
    if rolling:
        return topics[(number - 1) % len(topics)]
    return topics[number - 1] if number <= len(topics) else None


def _split(run: GroupRun, now: dt.datetime) -> tuple[list[Session], list[Session]]:
    """(kept, replaceable): past, registered or cancelled sessions are never touched."""
    group = run.sessions.filter(kind=SessionKind.GROUP).order_by("starts_at", "id")
    locked = (Q(starts_at__lt=now) | Q(register__isnull=False) | Q(marks__isnull=False)
              | Q(status=SessionStatus.CANCELLED))
    kept = list(group.filter(locked).distinct())
    kept_ids = {s.id for s in kept}
    return kept, [s for s in group if s.id not in kept_ids]


def _record(session: Session, kind: str, by: User | None, old: Session | None = None,
            reason: str = "") -> SessionChange:
    return SessionChange(session=session, kind=kind, reason=reason, by=by,
                         old_starts_at=old.starts_at if old else None,
                         old_ends_at=old.ends_at if old else None,
                         new_starts_at=session.starts_at, new_ends_at=session.ends_at)


def _move(session: Session, start: dt.datetime, end: dt.datetime, by: User | None,
          changes: list[SessionChange]) -> None:
    if (session.starts_at, session.ends_at) == (start, end):
        return
    old = Session(starts_at=session.starts_at, ends_at=session.ends_at)
    session.starts_at, session.ends_at = start, end
    session.sequence += 1
    changes.append(_record(session, ChangeKind.MOVED, by, old, "Schedule changed"))


@transaction.atomic
def schedule_generate(*, run: GroupRun, by: User | None,
                      now: dt.datetime | None = None) -> list[Session]:
    """Create or update the run's future sessions from its schedule; returns those sessions.

    Sessions are numbered after the delivered ones and take topics from the curriculum.
    Existing future sessions are reused in order (so feed UIDs stay stable), surplus ones
    deleted. A blocking clash refuses the whole generation.
    """
    schedule = Schedule.objects.select_for_update().filter(run=run).first()
    if schedule is None:
        raise ValidationError({"schedule": "Set the run's schedule before generating sessions"})
    now = now or timezone.now()
    kept, replaceable = _split(run, now)
    delivered = [s for s in kept if s.status != SessionStatus.CANCELLED]
    need = schedule.target_sessions - len(delivered)
    if need <= 0:
        Session.objects.filter(id__in=[s.id for s in replaceable]).delete()
        return []
    first_time = not (kept or replaceable)
    after = None if first_time else max([now] + [s.starts_at for s in delivered])
    cancelled_days = {s.starts_at.astimezone(LONDON).date(): f"Cancelled: {s.cancel_reason}"
                      for s in kept if s.status == SessionStatus.CANCELLED}
    plan = _plan(run=run, rule=schedule.rule, start_date=schedule.start_date,
                 start_time=schedule.start_time, target=need,
                 calendar_ids=schedule.calendars.values_list("id", flat=True), after=after,
                 also_closed=cancelled_days)
    duration = _check_duration(schedule.duration_minutes)
    refuse_blocking(clashes_for(_planned_slots(run, plan.starts, duration),
                                ignore_session_ids=[s.id for s in replaceable]))
    with room_constraint_deferred():
        return _apply(run=run, starts=list(plan.starts), duration=duration,
                      replaceable=replaceable, first_number=len(delivered) + 1,
                      by=by, announce=not first_time)


def _apply(*, run: GroupRun, starts: list[dt.datetime], duration: dt.timedelta,
           replaceable: list[Session], first_number: int, by: User | None,
           announce: bool) -> list[Session]:
    topics = list(run.programme.topics.order_by("order"))
    rolling = run.programme.delivery == Delivery.ROLLING
    Session.objects.filter(id__in=[s.id for s in replaceable[len(starts):]]).delete()
    changes: list[SessionChange] = []
    reused, fresh = [], []
    for index, start in enumerate(starts):
        number = first_number + index
        topic = _topic_for(number, topics, rolling)
        if index < len(replaceable):
            session = replaceable[index]
            _move(session, start, start + duration, by, changes)
            session.number, session.topic, session.room = number, topic, run.room
            reused.append(session)
        else:
            fresh.append(Session(run=run, room=run.room, starts_at=start,
                                 ends_at=start + duration, number=number, topic=topic))
    Session.objects.bulk_update(reused, ["starts_at", "ends_at", "number", "topic", "room",
                                         "sequence"])
    Session.objects.bulk_create(fresh)
    if announce:
        changes += [_record(s, ChangeKind.ADDED, by, reason="Schedule changed") for s in fresh]
    SessionChange.objects.bulk_create(changes)
    return reused + fresh


@transaction.atomic
def schedule_apply(*, run: GroupRun, rule: str, start_date: dt.date, start_time: dt.time,
                   duration_minutes: int, target_sessions: int, calendars: list[int],
                   by: User | None) -> list[Session]:
    """Save the rule and generate its sessions in one transaction (the API's PUT)."""
    schedule_set(run=run, rule=rule, start_date=start_date, start_time=start_time,
                 duration_minutes=duration_minutes, target_sessions=target_sessions,
                 calendars=calendars, by=by)
    return schedule_generate(run=run, by=by)
