"""Reads for registers: who is on a session's register, and which sessions a user may take.

Registers show known-as names only: never legal names, contact details or keep-apart links.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from attendance.models import MarkRevision, Register
from programmes.enums import EnrolmentStatus
from programmes.models import Enrolment, GroupRun, ProgrammeType, Topic
from scheduler.calendar.enums import SessionStatus
from scheduler.calendar.selectors import local_day_bounds, sessions_visible_to
from scheduler.models import Room, Session, User, Venue
from scheduler.platform.permissions import sees_all_sessions
from scheduler.platform.raw_sql import model_columns, model_from_row, prepared_cursor

# Enrolments that belong on a run's registers (the rest are still being referred or offered).
ON_REGISTER = (
    EnrolmentStatus.ENROLLED, EnrolmentStatus.STARTED, EnrolmentStatus.COMPLETED,
    EnrolmentStatus.WITHDRAWN, EnrolmentStatus.REMOVED, EnrolmentStatus.DID_NOT_START,
)


@dataclass(frozen=True)
class RegisterLine:
    enrolment_id: int
    known_as: str
    expected: bool  # False: joined after this session (shown as "not expected")
    status: str | None  # the current mark, if any


def is_expected(enrolment: Enrolment, session: Session) -> bool:
    """Was this participant due at this session (joined before it, not yet left)?"""
    left = enrolment.left_at
    return enrolment.joined_at <= session.starts_at and (left is None or left > session.starts_at)


def enrolments_on_register(*, session: Session) -> QuerySet[Enrolment]:
    """The run's enrolments a register lists: not those who left before the session."""
    return (Enrolment.objects.filter(run_id=session.run_id, status__in=ON_REGISTER)
            .filter(Q(left_at__isnull=True) | Q(left_at__gt=session.starts_at))
            .select_related("participant")
            .order_by("participant__known_as", "id"))


def expected_enrolment_ids(*, session: Session) -> set[int]:
    """Who may be marked at this session: on its register and due at it (the register's
    lines, one prepared statement; test_register_lines holds them to `enrolments_on_register`
    and `is_due`)."""
    return {line.enrolment_id for line in register_lines(session=session) if line.expected}


# The register's lines in one hand-written statement: the ORM's compilation of the same query
# (a FilteredRelation for the session's mark) cost 1.3 ms of CPU a read, ten times the query.
# Same rows and order as `enrolments_on_register` with the session's mark (a person has at most
# one a session: mark_unique, so the mark is a scalar subquery, which PostgreSQL plans for half
# the CPU of one more join), the statuses ON_REGISTER; tests/attendance/test_register_lines.py
# holds it to that.
_LINES_SQL = """
SELECT e.id, p.known_as,
       e.joined_at <= %(starts_at)s AND (e.left_at IS NULL OR e.left_at > %(starts_at)s),
       (SELECT m.status FROM attendance_mark m
        WHERE m.enrolment_id = e.id AND m.session_id = %(session)s)
FROM programmes_enrolment e
JOIN programmes_participant p ON p.id = e.participant_id
WHERE e.run_id = %(run)s
  AND e.status IN ({on_register})
  AND (e.left_at IS NULL OR e.left_at > %(starts_at)s)
ORDER BY p.known_as, e.id
"""
# ON_REGISTER written into the statements: constant enum values, never input.
_ON_REGISTER_SQL = ", ".join(f"'{status.value}'" for status in ON_REGISTER)
_LINES_SQL = _LINES_SQL.replace("{on_register}", _ON_REGISTER_SQL)


def register_lines(*, session: Session) -> list[RegisterLine]:
    """One line per participant on the register, with the mark already recorded: one query,
    plain values, no model instances."""
    params = {"starts_at": connection.ops.adapt_datetimefield_value(session.starts_at),
              "session": session.pk, "run": session.run_id}
    with prepared_cursor() as cursor:
        cursor.execute(_LINES_SQL, params)
        rows = cursor.fetchall()
    return [RegisterLine(enrolment_id=pk, known_as=known_as, expected=bool(expected),
                         status=status)
            for pk, known_as, expected, status in rows]


@dataclass(frozen=True)
class RegisterRead:
    """A session's register as the API reads it: the session, its register (if taken) and
    its lines."""
    session_id: int
    run_name: str
    number: int
    starts_at: dt.datetime
    cancelled: bool
    taken_at: dt.datetime | None
    source: str | None
    lines: list[RegisterLine]


# The API's read in one hand-written statement: the session (if the user may take its
# register), its run's name, its register and every line (as _LINES_SQL). One row per person,
# or one row with no person for an empty run. Compiling the ORM's session query with
# select_related cost more CPU than anything else the read did. The run's name and the mark
# are scalar subqueries: planned as joins, the statement cost PostgreSQL 1.4 ms of CPU a read;
# so, 0.6. The scope is `sessions_visible_to`'s: planners see every session, others those of
# runs they facilitate (tests/attendance/test_register_read.py holds it to that).
_READ_SQL = """
SELECT s.id, (SELECT run.name FROM programmes_grouprun run WHERE run.id = s.run_id),
       s.number, s.starts_at, s.status, reg.taken_at, reg.source,
       e.id, p.known_as,
       e.joined_at <= s.starts_at AND (e.left_at IS NULL OR e.left_at > s.starts_at),
       (SELECT m.status FROM attendance_mark m WHERE m.enrolment_id = e.id AND m.session_id = s.id)
FROM scheduler_session s
LEFT JOIN attendance_register reg ON reg.session_id = s.id
LEFT JOIN programmes_enrolment e ON e.run_id = s.run_id
  AND e.status IN ({on_register})
  AND (e.left_at IS NULL OR e.left_at > s.starts_at)
LEFT JOIN programmes_participant p ON p.id = e.participant_id
WHERE s.id = %(session)s
""".replace("{on_register}", _ON_REGISTER_SQL)
_FACILITATED = """  AND EXISTS (SELECT 1 FROM programmes_grouprun_facilitators f
              WHERE f.grouprun_id = s.run_id AND f.user_id = %(user)s)
"""
_READ_ORDER = "ORDER BY p.known_as, e.id"


def datetime_from_db(value: object) -> dt.datetime | None:
    """A timestamp column as the ORM would give it (aware), whatever the database."""
    field = Session._meta.get_field("starts_at")
    col = field.get_col(Session._meta.db_table)
    for convert in connection.ops.get_db_converters(col):
        value = convert(value, col, connection)
    return value  # type: ignore[return-value]


def register_read(*, user: User, session_id: int) -> RegisterRead:
    """The session's register for the API in one query; raises Session.DoesNotExist when
    there is no such session or the user may not take its register."""
    sql = _READ_SQL + ("" if sees_all_sessions(user) else _FACILITATED) + _READ_ORDER
    with prepared_cursor() as cursor:  # two statements in all: planned once a connection
        cursor.execute(sql, {"session": session_id, "user": user.pk})
        rows = cursor.fetchall()
    if not rows:
        raise Session.DoesNotExist("No such session")
    pk, run_name, number, starts_at, status, taken_at, source = rows[0][:7]
    return RegisterRead(
        session_id=pk, run_name=run_name, number=number,
        starts_at=datetime_from_db(starts_at),  # type: ignore[arg-type]
        cancelled=status == SessionStatus.CANCELLED,
        taken_at=datetime_from_db(taken_at) if taken_at is not None else None, source=source,
        lines=[RegisterLine(enrolment_id=e, known_as=known_as, expected=bool(expected),
                            status=mark)
               for *_, e, known_as, expected, mark in rows if e is not None])


def session_for_register(*, user: User, session_id: int, lean: bool = False) -> Session:
    """The session if the user may take its register, with its run, programme, room, venue,
    topic and register (if taken); raises Session.DoesNotExist otherwise. `lean`: with its
    run's name only (the rest of the run deferred), for the API's save, whose answer needs no
    more.

    Each is one prepared statement in `sessions_visible_to`'s scope (_FACILITATED): the ORM's
    scoped query with its joins cost 3 ms of CPU on every register page, most of it compiling
    the query and, in PostgreSQL, planning eight tables; prepared, the plan is made once a
    connection (test_register_read holds both to the ORM's)."""
    if lean:
        return _lean_session(user=user, session_id=session_id)
    return _page_session(user=user, session_id=session_id)


# The session and everything the register page shows of it, each model's columns in field
# order: the run and its programme, the register, the room and its venue, the topic.
_PAGE_MODELS: tuple[tuple[type[models.Model], str], ...] = (
    (Session, "s"), (GroupRun, "run"), (ProgrammeType, "prog"), (Register, "reg"),
    (Room, "room"), (Venue, "venue"), (Topic, "topic"))
_PAGE_SQL = (
    "SELECT "  # noqa: S608 (the models' own names)
    + ", ".join(model_columns(model, alias) for model, alias in _PAGE_MODELS)
    + " FROM scheduler_session s"
    " JOIN programmes_grouprun run ON run.id = s.run_id"
    " JOIN programmes_programmetype prog ON prog.id = run.programme_id"
    " LEFT JOIN attendance_register reg ON reg.session_id = s.id"
    " LEFT JOIN scheduler_room room ON room.id = s.room_id"
    " LEFT JOIN scheduler_venue venue ON venue.id = room.venue_id"
    " LEFT JOIN programmes_topic topic ON topic.id = s.topic_id"
    " WHERE s.id = %(session)s\n")


def _visible_session_row(select: str, *, user: User, session_id: int) -> tuple[Any, ...]:
    """The row of a statement on session `s`, if the user may see it (`sessions_visible_to`'s
    scope, _FACILITATED); raises Session.DoesNotExist otherwise."""
    sql = select + ("" if sees_all_sessions(user) else _FACILITATED)
    with prepared_cursor() as cursor:
        cursor.execute(sql, {"session": session_id, "user": user.pk})
        row = cursor.fetchone()
    if row is None:
        raise Session.DoesNotExist("No such session")
    return tuple(row)


def _page_session(*, user: User, session_id: int) -> Session:
    row = _visible_session_row(_PAGE_SQL, user=user, session_id=session_id)
    parts: list[models.Model | None] = []
    for model, _ in _PAGE_MODELS:
        width = len(model._meta.concrete_fields)
        values, row = row[:width], row[width:]
        parts.append(None if values[0] is None else model_from_row(model, values))
    session, run, programme, register, room, venue, topic = parts
    assert isinstance(session, Session) and isinstance(run, GroupRun)  # inner joins
    run.programme = programme  # type: ignore[assignment]
    session.run = run
    if isinstance(room, Room):
        room.venue = venue  # type: ignore[assignment]
    session.room = room  # type: ignore[assignment]
    session.topic = topic  # type: ignore[assignment]
    # No register: cached as None, so `session.register` raises DoesNotExist as the ORM's
    # select_related leaves it (register_for_session).
    Register._meta.get_field("session").remote_field.set_cached_value(  # type: ignore[union-attr]
        session, register)
    return session


# The session's columns and its run's name, in `sessions_visible_to`'s scope (_FACILITATED);
# test_register_read holds it to the ORM's.
_LEAN_SQL = (f"SELECT {model_columns(Session, 's')}, run.name"  # noqa: S608 (model's names)
             " FROM scheduler_session s JOIN programmes_grouprun run ON run.id = s.run_id"
             " WHERE s.id = %(session)s\n")


def _lean_session(*, user: User, session_id: int) -> Session:
    row = _visible_session_row(_LEAN_SQL, user=user, session_id=session_id)
    session = model_from_row(Session, row[:-1])
    session.run = GroupRun.from_db(connection.alias, ["id", "name"], [session.run_id, row[-1]])
    return session


def register_for_session(*, session: Session) -> Register | None:
    """The session's register; no query when it came with the session (`session_for_register`)
    or was already looked up."""
    try:
        return session.register
    except Register.DoesNotExist:
        return None


def sessions_for_registers(*, user: User, when: str = "upcoming",
                           today: dt.date | None = None) -> QuerySet[Session]:
    """The user's sessions from today on (or before today, newest first), register flagged."""
    start, _ = local_day_bounds(today or timezone.localdate())
    qs = sessions_visible_to(user=user).annotate(
        register_taken=Exists(Register.objects.filter(session=OuterRef("pk"))))
    if when == "past":
        return qs.filter(starts_at__lt=start).order_by("-starts_at", "-id")
    return qs.filter(starts_at__gte=start).order_by("starts_at", "id")


OFFLINE_DAYS = 7
OFFLINE_MAX = 40


def sessions_to_keep_offline(*, user: User, today: dt.date | None = None) -> list[Session]:
    """The sessions a facilitator runs from today through the coming 7 days: their registers
    are kept on her tablet for use with no signal (bounded)."""
    start, _ = local_day_bounds(today or timezone.localdate())
    return list(Session.objects.filter(
        run__facilitators=user, starts_at__gte=start,
        starts_at__lt=start + dt.timedelta(days=OFFLINE_DAYS + 1),
    ).exclude(status=SessionStatus.CANCELLED).order_by("starts_at", "id")[:OFFLINE_MAX])


def register_history(*, session: Session, limit: int = 50) -> list[MarkRevision]:
    """The latest changes to a session's marks, newest first, with who made them."""
    return list(MarkRevision.objects.filter(session=session)
                .select_related("recorded_by", "enrolment__participant")
                .order_by("-received_at", "-id")[:limit])


def revisions_after_lock() -> QuerySet[MarkRevision]:
    """Marks changed after their register locked, newest first: revisions of figures that
    may already have been reported, for the manager (no names)."""
    return (MarkRevision.objects.filter(after_lock=True)
            .select_related("session__run", "recorded_by")
            .order_by("-received_at", "-id"))
