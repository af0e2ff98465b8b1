"""Raw SQL on the request path, as cheap as PostgreSQL allows."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from django.db import connection
from django.db.backends.utils import CursorWrapper


def c_timestamps(cursor: CursorWrapper) -> None:
    """On PostgreSQL, read this cursor's timestamps with psycopg's own loader (C) instead of
    the pure-Python one Django registers: about ten times faster a value. Both give aware
    datetimes in the connection's zone (UTC). For raw SQL reading many timestamps (the
    return's facts, a register's rows); a no-op on SQLite."""
    if connection.vendor != "postgresql":
        return
    raw = cursor.cursor
    timestamptz = psycopg.postgres.types["timestamptz"].oid
    raw.adapters.register_loader(timestamptz,
                                 psycopg.adapters.get_loader(timestamptz, psycopg.pq.Format.TEXT))


class _PreparingCursor(psycopg.Cursor):  # type: ignore[type-arg]
    """Binds on the server and prepares every statement it runs (Django turns psycopg's
    automatic preparing off: `prepare_threshold` None)."""

    def execute(self, query: Any, params: Any = None, *, prepare: bool | None = None,
                binary: bool | None = None) -> Any:
        return super().execute(query, params, prepare=prepare is not False, binary=binary)


@contextmanager
def prepared_cursor() -> Iterator[CursorWrapper]:
    """A cursor for one fixed hand-written statement run on every request (a register read).

    On PostgreSQL it binds parameters on the server and prepares the statement: parsed once per
    connection, and planned by PostgreSQL's plan cache (a generic plan after five runs, where
    it costs no more than a custom one), not once per request. Django's cursors bind on the
    client, which psycopg never prepares. With DB_PREPARED_STATEMENTS=0 (settings: a pooler
    that cannot keep them) it runs unprepared. Still Django's cursor wrapper (database errors,
    query logging, execute wrappers); timestamps read as `c_timestamps`. Elsewhere:
    `connection.cursor()`."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.validate_thread_sharing()
    connection.ensure_connection()
    raw = _PreparingCursor(connection.connection)
    # django-stubs type these as taking a wrapper; Django passes them the driver's cursor.
    cursor = (connection.make_debug_cursor(raw) if connection.queries_logged  # type: ignore[arg-type]
              else connection.make_cursor(raw))  # type: ignore[arg-type]
    c_timestamps(cursor)
    with cursor:
        yield cursor
