"""The row-level writes of a register: locks and upserts, in as few statements as possible.

Writers of one register no longer queue on its session: each locks only the Mark rows of the
people it marks (FOR UPDATE, in enrolment order, so two writers never deadlock on them) and the
session FOR SHARE (a cancel or move, which take it FOR UPDATE, waits for every writer and is
seen by a writer after it). Marks are written by one parameterised
`INSERT … ON CONFLICT (session_id, enrolment_id) DO UPDATE … WHERE` statement, on PostgreSQL
and SQLite alike: Django's `bulk_create(update_conflicts=True)` cannot express the WHERE that
keeps a newer tap from being overwritten by an older one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone

from attendance.models import Mark, MarkRevision, Register, RegisterSource
from attendance.selectors import datetime_from_db
from scheduler.platform.raw_sql import prepared_cursor


@dataclass(frozen=True)
class MarkRow:
    """One mark to put in place."""
    enrolment_id: int
    status: str
    nonce: str
    recorded_at: dt.datetime


@dataclass(frozen=True)
class LockedSession:
    """The session's row as held FOR SHARE: what a cancel or move could have changed."""
    status: str
    starts_at: dt.datetime


_SESSION = "SELECT status, starts_at FROM scheduler_session WHERE id = %s"
_SHARE = _SESSION + " FOR SHARE"


def session_share_lock(*, session_id: int) -> LockedSession | None:
    """Hold the session FOR SHARE until the transaction ends (SQLite: its write lock does);
    None when it was deleted meanwhile."""
    sql = _SHARE if connection.vendor == "postgresql" else _SESSION
    with prepared_cursor() as cursor:
        cursor.execute(sql, [session_id])
        row = cursor.fetchone()
    if row is None:
        return None
    return LockedSession(status=row[0], starts_at=_when(row[1]))


_LOCKED_FIELDS = ["id", "enrolment_id", "status", "recorded_at"]
# PostgreSQL: one prepared statement for any number of people (an array parameter).
_LOCK_MARKS = """
SELECT id, enrolment_id, status, recorded_at FROM attendance_mark
WHERE session_id = %s AND enrolment_id = ANY(%s::bigint[])
ORDER BY enrolment_id FOR UPDATE
"""
_NONCES_SEEN = """
SELECT client_nonce FROM attendance_markrevision
WHERE session_id = %s AND client_nonce = ANY(%s::text[])
"""


def marks_locked(*, session_id: int, enrolment_ids: Iterable[int]) -> dict[int, Mark]:
    """The marks in place for these people, each row locked FOR UPDATE in enrolment order
    (the mark's id, person, status and tap time; the rest deferred)."""
    ids = sorted(enrolment_ids)
    if connection.vendor != "postgresql":
        rows = (Mark.objects.select_for_update().filter(session_id=session_id,
                                                        enrolment_id__in=ids)
                .only(*_LOCKED_FIELDS).order_by("enrolment_id"))
        return {mark.enrolment_id: mark for mark in rows}
    with prepared_cursor() as cursor:
        cursor.execute(_LOCK_MARKS, [session_id, ids])
        found = cursor.fetchall()
    return {row[1]: Mark.from_db(connection.alias, _LOCKED_FIELDS, row) for row in found}


def nonces_seen(*, session_id: int, nonces: Sequence[str]) -> set[str]:
    """Those of the client nonces already on record for this session's register."""
    if not nonces:
        return set()
    if connection.vendor != "postgresql":
        return set(MarkRevision.objects.filter(session_id=session_id, client_nonce__in=nonces)
                   .order_by().values_list("client_nonce", flat=True))
    with prepared_cursor() as cursor:
        cursor.execute(_NONCES_SEEN, [session_id, list(nonces)])
        return {nonce for (nonce,) in cursor.fetchall()}


_UPSERT = """
INSERT INTO attendance_mark (session_id, enrolment_id, status, client_nonce, recorded_by_id,
                             recorded_at)
VALUES {values}
ON CONFLICT (session_id, enrolment_id) DO UPDATE
SET status = excluded.status, client_nonce = excluded.client_nonce,
    recorded_by_id = excluded.recorded_by_id, recorded_at = excluded.recorded_at
WHERE attendance_mark.recorded_at <= excluded.recorded_at AND attendance_mark.id IN ({known})
RETURNING enrolment_id
"""


def marks_upsert(*, session_id: int, rows: Sequence[MarkRow], by_id: int,
                 known: dict[int, Mark]) -> set[int]:
    """Write the rows; return the people whose mark was written.

    Only marks in place that this transaction has locked (`known`) are updated, and only by a
    tap not older than theirs. A person missing from the answer had no mark when locked but has
    one now: a first mark raced another writer's, which committed first (PostgreSQL waits for
    it). The caller compares again with that mark in place."""
    if not rows:
        return set()
    ordered = sorted(rows, key=lambda row: row.enrolment_id)  # the lock order
    params: list[Any] = []
    for row in ordered:
        params += [session_id, row.enrolment_id, row.status, row.nonce, by_id,
                   connection.ops.adapt_datetimefield_value(row.recorded_at)]
    ids = [known[row.enrolment_id].pk for row in ordered if row.enrolment_id in known]
    sql = _UPSERT.format(values=", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(ordered)),
                         known=", ".join(["%s"] * len(ids)) or "NULL")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *ids])
        return {enrolment_id for (enrolment_id,) in cursor.fetchall()}


_REGISTER_UPSERT = """
INSERT INTO attendance_register (session_id, taken_by_id, taken_at, updated_at, source)
VALUES (%(session)s, %(by)s, %(now)s, %(updated)s, %(source)s)
ON CONFLICT (session_id) DO UPDATE
SET updated_at = excluded.updated_at,
    source = CASE WHEN excluded.source = %(paper)s THEN excluded.source
                  ELSE attendance_register.source END
RETURNING id, taken_by_id, taken_at, updated_at, source
"""


def register_upsert(*, session_id: int, by_id: int, now: dt.datetime,
                    source: str) -> Register:
    """The session's register, taken now if it was not: one statement, the last of the
    transaction (every writer of the register waits for its row from here to commit). A
    register once on paper stays marked as paper."""
    adapt = connection.ops.adapt_datetimefield_value
    with prepared_cursor() as cursor:
        cursor.execute(_REGISTER_UPSERT, {
            "session": session_id, "by": by_id, "now": adapt(now),
            "updated": adapt(timezone.now()), "source": source,
            "paper": RegisterSource.PAPER.value})
        pk, taken_by_id, taken_at, updated_at, saved_source = cursor.fetchone()
    register = Register(pk=pk, session_id=session_id, taken_by_id=taken_by_id,
                        taken_at=_when(taken_at),
                        updated_at=_when(updated_at), source=saved_source)
    register._state.adding, register._state.db = False, connection.alias
    return register


def _when(value: object) -> dt.datetime:
    """A non-null timestamp column as the ORM would give it (aware)."""
    when = datetime_from_db(value)
    if when is None:
        raise ValueError("a timestamp column that cannot be null was null")
    return when
