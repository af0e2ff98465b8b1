"""Raw SQL on the request path, as cheap as PostgreSQL allows."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import psycopg
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.db.models.expressions import RawSQL

M = TypeVar("M", bound=models.Model)


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
    """A cursor for a fixed hand-written statement run on every request (the register's read
    and save, the API token, the access record).

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


def model_columns(model: type[models.Model], alias: str) -> str:
    """Every concrete column of `model` under a table alias, in field order: the select list
    `model_from_row` reads."""
    quote = connection.ops.quote_name  # a column may be a keyword (a topic's "order")
    return ", ".join(f"{alias}.{quote(f.column)}" for f in model._meta.concrete_fields)


def model_from_row(model: type[M], values: Sequence[Any]) -> M:
    """An instance from a row of `model_columns`, each value converted as the ORM converts it
    (SQLite's timestamps are text, for one)."""
    db = connections[DEFAULT_DB_ALIAS]
    attnames, converters = _converters(model, db)
    converted = list(values)
    for i, column, convert in converters:
        converted[i] = convert(converted[i], column, db)
    return model.from_db(db.alias, attnames, converted)


@functools.lru_cache(maxsize=256)
def _converters(model: type[models.Model], db: BaseDatabaseWrapper) -> tuple[
        list[str], list[tuple[int, Any, Callable[..., Any]]]]:
    """The model's attribute names, and each column's converters in the order the ORM applies
    them (the backend's, then the field's), for one connection: worked out once, not for
    every row."""
    fields = model._meta.concrete_fields
    converters = []
    for i, field in enumerate(fields):
        column = field.get_col(model._meta.db_table)
        for convert in [*db.ops.get_db_converters(column),
                        *field.get_db_converters(db)]:  # type: ignore[attr-defined]  # not in django-stubs
            converters.append((i, column, convert))
    return [f.attname for f in fields], converters


def insert_rows(instances: Sequence[models.Model]) -> None:
    """Insert new instances of one model by one fixed INSERT (prepared on PostgreSQL): for rows
    written on every request, where the ORM's `bulk_create` costs several times the
    statement's CPU. Each value is prepared by its field as the ORM prepares it (`pre_save`:
    `auto_now_add` and the like; `get_db_prep_save`). Primary keys are not read back: for rows
    nothing reads in the same request (the access log, mark revisions). Several rows go as one
    `executemany` (pipelined by psycopg)."""
    if not instances:
        return
    db = connections[DEFAULT_DB_ALIAS]
    fields, sql = _insert(type(instances[0]), db)
    rows = [[f.get_db_prep_save(f.pre_save(obj, True), db) for f in fields]  # type: ignore[arg-type]
            for obj in instances]
    with prepared_cursor() as cursor:
        if len(rows) == 1:
            cursor.execute(sql, rows[0])
        else:
            cursor.executemany(sql, rows)


@functools.lru_cache(maxsize=64)
def _insert(model: type[models.Model], db: BaseDatabaseWrapper) -> tuple[list[Any], str]:
    """The model's columns but its automatic key, and the INSERT of them: built once."""
    fields = [f for f in model._meta.concrete_fields if f is not model._meta.auto_field]
    quote = db.ops.quote_name
    return fields, (f"INSERT INTO {quote(model._meta.db_table)}"  # noqa: S608 (the model's names)
                    f" ({', '.join(quote(f.column) for f in fields)})"
                    f" VALUES ({', '.join(['%s'] * len(fields))})")


def id_table(ids: Iterable[int]) -> RawSQL:
    """These ids as a subquery, for `field__in=id_table(ids)`, sent as one parameter however
    many there are. An IN list sends and plans a parameter each (tens of thousands take
    longer than the query: a quarter's starters), and SQLite caps them; a join on the query
    that found them runs that query again. PostgreSQL unnests an array; SQLite reads a JSON
    array."""
    values = sorted({int(pk) for pk in ids})
    if connection.vendor == "postgresql":
        # An array literal, parsed by PostgreSQL: psycopg's list dumper takes about 1 µs a
        # number in Python (30 ms for a quarter's starters), building the literal a tenth.
        return RawSQL("SELECT unnest(%s::bigint[])", ["{" + ",".join(map(str, values)) + "}"])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(values)])
