"""The register page's read in one hand-written statement: the session (if the user may take its
register) with its run, programme, room, venue, topic and register, and every line.

The ORM took four queries for these (scoped session with run, programme and register; room
with venue; topic; lines) and compiling them cost more CPU than running them. Same scope as
`sessions_visible_to` and same lines as `register_lines`
(tests/attendance/test_register_page_read.py holds it to both). Related rows are scalar
subqueries or one-row joins. Models are built with only the columns read: any other field is
deferred, so reading one is a query, never a wrong value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar, cast

from django.db import connection, models

from attendance.models import Register
from attendance.selectors import ON_REGISTER_SQL, RegisterLine
from programmes.models import GroupRun, ProgrammeType, Topic
from scheduler.models import Room, Session, User, Venue
from scheduler.platform.permissions import sees_all_sessions

M = TypeVar("M", bound=models.Model)

_SESSION = [f.attname for f in Session._meta.concrete_fields]
_RUN = ["id", "programme_id", "name"]
_PROGRAMME = ["id", "name", "delivery"]
_ROOM = ["id", "venue_id", "name"]
_VENUE = ["id", "name"]
_TOPIC = ["id", "programme_id", "title"]
_REGISTER = [f.attname for f in Register._meta.concrete_fields]

_SQL = """
SELECT {session},
       run.id, run.programme_id, run.name, prog.id, prog.name, prog.delivery,
       room.id, room.venue_id, room.name,
       room.venue_id, (SELECT v.name FROM scheduler_venue v WHERE v.id = room.venue_id),
       (SELECT t.id FROM programmes_topic t WHERE t.id = s.topic_id),
       (SELECT t.programme_id FROM programmes_topic t WHERE t.id = s.topic_id),
       (SELECT t.title FROM programmes_topic t WHERE t.id = s.topic_id),
       {register},
       e.id, p.known_as,
       e.joined_at <= s.starts_at AND (e.left_at IS NULL OR e.left_at > s.starts_at),
       (SELECT m.status FROM attendance_mark m WHERE m.enrolment_id = e.id AND m.session_id = s.id)
FROM scheduler_session s
JOIN programmes_grouprun run ON run.id = s.run_id
JOIN programmes_programmetype prog ON prog.id = run.programme_id
LEFT JOIN scheduler_room room ON room.id = s.room_id
LEFT JOIN attendance_register reg ON reg.session_id = s.id
LEFT JOIN programmes_enrolment e ON e.run_id = s.run_id
  AND e.status IN ({on_register})
  AND (e.left_at IS NULL OR e.left_at > s.starts_at)
LEFT JOIN programmes_participant p ON p.id = e.participant_id
WHERE s.id = %(session)s
""".replace("{session}", ", ".join(f"s.{name}" for name in _SESSION)).replace(
    "{register}", ", ".join(f"reg.{name}" for name in _REGISTER)).replace(
    "{on_register}", ON_REGISTER_SQL)  # column names and constant enum values, never input
_FACILITATED = """  AND EXISTS (SELECT 1 FROM programmes_grouprun_facilitators f
              WHERE f.grouprun_id = s.run_id AND f.user_id = %(user)s)
"""
_ORDER = "ORDER BY p.known_as, e.id"


def _built(model: type[M], names: Sequence[str], values: Sequence[Any]) -> M:
    """An instance as the ORM would load it with only these columns (converted as it would)."""
    converted = []
    for name, value in zip(names, values, strict=True):
        field = cast("models.Field[Any, Any]", model._meta.get_field(name))
        col = field.get_col(model._meta.db_table)
        converters = field.get_db_converters(connection)  # type: ignore[attr-defined]
        for convert in connection.ops.get_db_converters(col) + converters:
            value = convert(value, col, connection)
        converted.append(value)
    return model.from_db(connection.alias, list(names), converted)


def register_page_read(*, user: User, session_id: int) -> tuple[Session, list[RegisterLine]]:
    """The session with everything the page shows, and its lines; raises Session.DoesNotExist
    when there is no such session or the user may not take its register."""
    sql = _SQL + ("" if sees_all_sessions(user) else _FACILITATED) + _ORDER
    with connection.cursor() as cursor:
        cursor.execute(sql, {"session": session_id, "user": user.pk})
        rows = cursor.fetchall()
    if not rows:
        raise Session.DoesNotExist("No such session")
    row = list(rows[0])
    session = _built(Session, _SESSION, _take(row, len(_SESSION)))
    session.run = _built(GroupRun, _RUN, _take(row, 3))
    session.run.programme = _built(ProgrammeType, _PROGRAMME, _take(row, 3))
    room, venue, topic = _take(row, 3), _take(row, 2), _take(row, 3)
    if session.room_id is not None:
        session.room = _built(Room, _ROOM, room)
        session.room.venue = _built(Venue, _VENUE, venue)
    if session.topic_id is not None:
        session.topic = _built(Topic, _TOPIC, topic)
    register = _take(row, len(_REGISTER))
    # A register not taken is cached as none: asking for it is no query.
    Session.register.related.set_cached_value(  # type: ignore[attr-defined]
        session, _built(Register, _REGISTER, register) if register[0] is not None else None)
    lines = [RegisterLine(enrolment_id=e, known_as=known_as, expected=bool(expected),
                          status=mark)
             for *_, e, known_as, expected, mark in rows if e is not None]
    return session, lines


def _take(row: list[Any], count: int) -> list[Any]:
    """The next `count` columns of the row (consumed)."""
    taken = row[:count]
    del row[:count]
    return taken
