"""Editing one session: move, cancel, or add an extra or catch-up session.

Every change bumps the session's iCalendar SEQUENCE and records a SessionChange, which the
notifications app turns into notices.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from programmes.models import GroupRun
from scheduler.calendar.change_hooks import session_changed
from scheduler.calendar.clashes import Clash, redacted
from scheduler.calendar.enums import SessionKind, SessionStatus
from scheduler.calendar.selectors import run_facts, slot_for
from scheduler.calendar.services.schedules import MAX_DURATION_MINUTES, clashes_for, refuse_blocking
from scheduler.models import ChangeKind, Room, Session, SessionChange, User
from scheduler.platform.permissions import PLANNERS

T = TypeVar("T")


def _check_times(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ValidationError({"starts_at": "Give times with a time zone"})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The session must end after it starts"})
    if ends_at - starts_at > dt.timedelta(minutes=MAX_DURATION_MINUTES):
        raise ValidationError({"ends_at": "A session lasts at most 12 hours"})


def _check_room(run: GroupRun, room: Room | None) -> None:
    if room is not None and room.venue_id != run.venue_id:
        raise ValidationError({"room_id": "The room must be at the run's venue"})


def session_clashes(*, run: GroupRun, starts_at: dt.datetime, ends_at: dt.datetime,
                    room: Room | None, session_id: int | None = None) -> list[Clash]:
    facts = run_facts([run.id])[run.id]
    slot = slot_for(key=f"s{session_id}" if session_id else "p1", facts=facts,
                    starts_at=starts_at, ends_at=ends_at, room=room)
    return clashes_for([slot], ignore_session_ids=[session_id] if session_id else [])


def session_clashes_seen_by(*, session: Session, viewer: User) -> list[Clash]:
    """A session's clashes as `viewer` may see them: none once cancelled; redacted (no names
    of who must be kept apart) for anyone but a planner."""
    if session.status == SessionStatus.CANCELLED:
        return []
    clashes = session_clashes(run=session.run, starts_at=session.starts_at,
                              ends_at=session.ends_at, room=session.room, session_id=session.pk)
    return clashes if viewer.has_role(*PLANNERS) else [redacted(c) for c in clashes]


def _guarded(write: Callable[[], T]) -> T:
    """The PostgreSQL exclusion constraint catches a double booking made concurrently."""
    try:
        with transaction.atomic():
            return write()
    except IntegrityError as exc:
        raise ValidationError({"room_id": "The room is already booked at this time"}) from exc


def _record(session: Session, kind: str, by: User | None, reason: str,
            old: tuple[dt.datetime, dt.datetime] | None = None) -> None:
    change = SessionChange.objects.create(
        session=session, kind=kind, reason=reason, by=by,
        old_starts_at=old[0] if old else None, old_ends_at=old[1] if old else None,
        new_starts_at=session.starts_at, new_ends_at=session.ends_at)
    session_changed(change)  # the crèche follows its group session (change_hooks seam)


def _editable(session: Session) -> None:
    """Refuse a change to a cancelled session or one whose register is taken. The session is
    locked first: a register being written (which holds it FOR SHARE) is waited for, and seen."""
    status = Session.objects.select_for_update().filter(pk=session.pk).values_list(
        "status", flat=True).first()
    if status == SessionStatus.CANCELLED or session.status == SessionStatus.CANCELLED:
        raise ValidationError({"status": "This session is cancelled"})
    if Session.objects.filter(pk=session.pk, register__isnull=False).exists():
        raise ValidationError({"status": "This session's register has been taken"})


@transaction.atomic
def session_move(*, session: Session, starts_at: dt.datetime, ends_at: dt.datetime,
                 room: Room | None = None, reason: str = "", by: User | None) -> Session:
    """Move a session (and optionally change its room); blocking clashes refuse the move."""
    _editable(session)
    _check_times(starts_at, ends_at)
    room = room or session.room
    _check_room(session.run, room)
    refuse_blocking(session_clashes(run=session.run, starts_at=starts_at, ends_at=ends_at,
                                    room=room, session_id=session.pk))
    old = (session.starts_at, session.ends_at)
    session.starts_at, session.ends_at, session.room = starts_at, ends_at, room
    session.sequence += 1
    _guarded(lambda: session.save(update_fields=["starts_at", "ends_at", "room", "sequence"]))
    _record(session, ChangeKind.MOVED, by, reason, old)
    return session


@transaction.atomic
def session_cancel(*, session: Session, reason: str, by: User | None) -> Session:
    if not reason.strip():
        raise ValidationError({"reason": "Give a reason for cancelling"})
    _editable(session)
    session.status, session.cancel_reason = SessionStatus.CANCELLED, reason.strip()[:200]
    session.sequence += 1
    session.save(update_fields=["status", "cancel_reason", "sequence"])
    _record(session, ChangeKind.CANCELLED, by, session.cancel_reason)
    return session


@transaction.atomic
def session_add(*, run: GroupRun, kind: str, starts_at: dt.datetime, ends_at: dt.datetime,
                room: Room | None = None, reason: str = "", by: User | None) -> Session:
    """An extra or catch-up session, numbered after the run's last session."""
    if kind not in {SessionKind.EXTRA, SessionKind.CATCH_UP}:
        raise ValidationError({"kind": "Add an extra or a catch-up session"})
    _check_times(starts_at, ends_at)
    room = room or run.room
    _check_room(run, room)
    refuse_blocking(session_clashes(run=run, starts_at=starts_at, ends_at=ends_at, room=room))
    number = (run.sessions.aggregate(top=Max("number"))["top"] or 0) + 1
    session = _guarded(lambda: Session.objects.create(
        run=run, kind=kind, room=room, starts_at=starts_at, ends_at=ends_at, number=number))
    _record(session, ChangeKind.ADDED, by, reason)
    return session
