"""What the quarterly return needs to know about each enrolment, read in one database pass.

`enrolment_facts(targets)` answers, for every enrolment of an ORM queryset, in one query
(window functions; SQLite >= 3.25 and PostgreSQL alike):
  * when it first attended a session (any non-cancelled session: `statistics.first_attended`);
  * when its programme's completion rule was first met, with an override to "completed"
    dating from the last attended session and one to "not completed" never
    (`outcomes.completion_dates`, whose answer this is, proved on random worlds in
    tests/attendance/test_enrolment_facts.py).

How the rule (programmes/completion.py, `first_met_index`) becomes SQL. The slots are the
run's non-cancelled sessions in (start, id) order; a regular session counts when it falls in
[joined, left), a catch-up only when the programme allows catch-ups. Every part of the rule
only ever becomes true as attendances accumulate, so the moment it is first met is the
latest of the moments each part is first met:
  * the count (min sessions, min percent of the expected sessions, at least one): the
    `need`-th counted attended session, need = max(min sessions, ⌈percent × expected / 100⌉,
    1), never when need > expected (the attended count is capped at the expected count);
  * the final session (when required): the last expected session, if it was attended;
  * the core topics (when required): the latest of each core topic's first counted
    attendance, never while one is uncovered.
The SQL combines them (`_MET`, `_COMPLETED`): the latest of the parts needed, none while one
is unmet, and the enrolment's override on top. Only two moments per enrolment come back: a
large return reads some 50,000 enrolments, and each timestamp costs time to send and read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils.dateparse import parse_datetime

from attendance.models import MarkStatus
from programmes.enums import Delivery
from programmes.models import Enrolment
from scheduler.calendar.enums import SessionKind, SessionStatus
from scheduler.platform.raw_sql import c_timestamps

# The columns `targets` is read as (the first CTE of the pass), in this order.
TARGET_COLUMNS = {
    "id": "pk",
    "run_id": "run_id",
    "participant_id": "participant_id",
    "programme_id": "run__programme_id",
    "category": "run__programme__output_category",
    "delivery": "run__programme__delivery",
    "joined_at": "joined_at",
    "left_at": "left_at",
    "override": "completion_override",
    "min_sessions": "run__programme__completion_min_sessions",
    "min_percent": "run__programme__completion_min_percent",
    "requires_final": "run__programme__completion_requires_final",
    "all_core": "run__programme__completion_all_core_topics",
    "catch_ups": "run__programme__catch_ups_allowed",
}

# A slot of the enrolment's timeline: a session of its own run, a catch-up or in its dates.
_OWN_RUN = "s.run_id = x.run_id"
_IN_DATES = "s.starts_at >= x.joined_at AND (x.left_at IS NULL OR s.starts_at < x.left_at)"
_CATCH_UP = "s.kind = %s"
_EXPECTED = f"s.status <> %s AND s.kind <> %s AND {_IN_DATES}"
# The enrolment's dates take in every expected session of its run (`p`: the run's span), as
# nearly all do: its expected count is the run's, without counting its sessions one by one.
_SPANS_RUN = "x.joined_at <= p.first_at AND (x.left_at IS NULL OR x.left_at > p.last_at)"
# ⌈percent × expected / 100⌉ (0 without a percent), in integers
_BY_PERCENT = "CASE WHEN x.min_percent IS NULL THEN 0 ELSE (x.min_percent * e.n + 99) / 100 END"

# When the rule was first met: the latest of the moments its parts were (`final_at`, `core_at`:
# the count's moment where the rule has no such part), never at a drop-in nor while a part is
# unmet. `{latest}`: the vendor's many-argument maximum (NULL-free here on both).
_MET = ("CASE WHEN d.delivery <> %s AND d.count_met_at IS NOT NULL AND d.final_at IS NOT NULL"
        " AND d.core_at IS NOT NULL THEN {latest}(d.count_met_at, d.final_at, d.core_at) END")
# An override to "not completed" never completes; one to "completed" dates from the last
# attended session where the rule was not met.
_COMPLETED = (f"CASE WHEN COALESCE(d.override, TRUE)"
              f" THEN COALESCE({_MET}, CASE WHEN d.override THEN d.last_at END) END")
# Built from the constant fragments above; every value is a parameter. Each enrolment's
# attended sessions are read once, in (start, id) order, with a running count; each part of
# the rule is then one aggregate over them.
_PASS = f"""
WITH target ({{columns}}) AS ({{targets}}),
span AS (
  SELECT s.run_id, COUNT(*) AS n, MIN(s.starts_at) AS first_at, MAX(s.starts_at) AS last_at
  FROM scheduler_session s
  WHERE s.status <> %s AND s.kind <> %s AND s.run_id IN (SELECT t.run_id FROM target t)
  GROUP BY s.run_id),
expected AS (
  SELECT x.id, CASE WHEN {_SPANS_RUN} THEN p.n
                    ELSE (SELECT COUNT(*) FROM scheduler_session s
                          WHERE s.run_id = x.run_id AND {_EXPECTED}) END AS n
  FROM target x JOIN span p ON p.run_id = x.run_id),
final AS (
  SELECT x.id, s.id AS session_id,
         ROW_NUMBER() OVER (PARTITION BY x.id ORDER BY s.starts_at DESC, s.id DESC) AS back
  FROM target x JOIN scheduler_session s ON s.run_id = x.run_id
  WHERE x.requires_final AND {_EXPECTED}),
slots AS (
  SELECT x.id, s.id AS session_id, s.starts_at, COALESCE(e.n, 0) AS n, f.session_id AS final_id,
         CASE WHEN COALESCE(x.min_sessions, 0) >= {_BY_PERCENT} AND x.min_sessions >= 1
              THEN x.min_sessions
              WHEN {_BY_PERCENT} >= 1 THEN {_BY_PERCENT} ELSE 1 END AS need,
         CASE WHEN {_OWN_RUN} AND ({_CATCH_UP} OR ({_IN_DATES})) THEN 1 ELSE 0 END
           AS on_timeline,
         CASE WHEN NOT ({_OWN_RUN}) THEN 0
              WHEN {_CATCH_UP} THEN CASE WHEN x.catch_ups THEN 1 ELSE 0 END
              WHEN {_IN_DATES} THEN 1 ELSE 0 END AS counted
  FROM target x JOIN attendance_mark m ON m.enrolment_id = x.id
  JOIN scheduler_session s ON s.id = m.session_id
  LEFT JOIN expected e ON e.id = x.id
  LEFT JOIN final f ON f.id = x.id AND f.back = 1
  WHERE m.status IN (%s, %s, %s) AND s.status <> %s),
ranked AS (
  SELECT r.*, SUM(r.counted) OVER (PARTITION BY r.id ORDER BY r.starts_at, r.session_id
                                   ROWS UNBOUNDED PRECEDING) AS k
  FROM slots r),
reached AS (
  SELECT r.id, MAX(r.n) AS n, MIN(r.starts_at) AS first_at,
         MAX(CASE WHEN r.on_timeline = 1 THEN r.starts_at END) AS last_at,
         MIN(CASE WHEN r.counted = 1 AND r.k = r.need AND r.need <= r.n
                  THEN r.starts_at END) AS count_met_at,
         MAX(CASE WHEN r.counted = 1 AND r.session_id = r.final_id
                  THEN r.starts_at END) AS final_at,
         MAX(r.k) AS attended
  FROM ranked r GROUP BY r.id),
core_first AS (
  SELECT x.id, t.id AS topic_id, MIN(s.starts_at) AS at
  FROM target x JOIN attendance_mark m ON m.enrolment_id = x.id
  JOIN scheduler_session s ON s.id = m.session_id
  JOIN programmes_topic t ON t.id = s.topic_id AND t.programme_id = x.programme_id AND t.is_core
  WHERE x.all_core AND m.status IN (%s, %s, %s) AND s.status <> %s AND {_OWN_RUN}
    AND (({_CATCH_UP} AND x.catch_ups) OR (NOT {_CATCH_UP} AND {_IN_DATES}))
  GROUP BY x.id, t.id),
core AS (
  SELECT c.id, COUNT(*) AS covered, MAX(c.at) AS at FROM core_first c GROUP BY c.id),
core_topics AS (
  SELECT t.programme_id, COUNT(*) AS n FROM programmes_topic t WHERE t.is_core
  GROUP BY t.programme_id)
SELECT d.id, d.run_id, d.participant_id, d.programme_id, d.category, d.delivery, d.first_at,
       {_COMPLETED}, d.attended, d.n {{flag_columns}}
FROM (SELECT x.*, r.n, r.attended, r.first_at, r.last_at, r.count_met_at,
             CASE WHEN x.requires_final THEN r.final_at ELSE r.count_met_at END AS final_at,
             CASE WHEN NOT (x.all_core AND COALESCE(core_topics.n, 0) > 0) THEN r.count_met_at
                  WHEN core.covered = core_topics.n THEN core.at END AS core_at
      FROM target x JOIN reached r ON r.id = x.id
      LEFT JOIN core ON core.id = x.id
      LEFT JOIN core_topics ON core_topics.programme_id = x.programme_id) d
"""  # noqa: S608


class EnrolmentFacts(NamedTuple):
    """One enrolment as the return sees it (ids only: no name, nothing about the person).
    A named tuple: tens of thousands are made per return, and a frozen dataclass is several
    times slower to build."""

    enrolment_id: int
    run_id: int
    participant_id: int
    programme_id: int
    category: str  # the programme's output category
    delivery: str
    first_attended: dt.datetime | None  # any non-cancelled session attended
    completed_at: dt.datetime | None  # None: not completed
    attended: int  # counted attendances (catch-ups where allowed), not capped
    expected: int  # regular non-cancelled sessions in [joined, left)
    flags: dict[str, bool]


def _moment(value: Any) -> dt.datetime | None:
    """A timestamp as the driver gives it: PostgreSQL an aware datetime, SQLite UTC text."""
    if value is None or isinstance(value, dt.datetime):
        return value
    parsed = parse_datetime(value)
    assert parsed is not None, "a timestamp column the database cannot have stored"
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def enrolment_facts(*targets: QuerySet[Enrolment], **flags: Q) -> dict[int, EnrolmentFacts]:
    """Enrolment id → facts for every enrolment of the `targets` querysets (their union), in
    one query. `flags`: conditions on the enrolment, answered in `facts.flags` by name."""
    names = list(flags)
    if not targets:
        return {}
    # A union of the parts' ids, not one filter OR-ing subqueries: PostgreSQL plans each part
    # as a semi-join, where an OR of `IN (subquery)` falls back to re-scanning the subquery
    # for every row. Of their ids only: a union of whole rows sorts them all to drop repeats.
    ids = [t.order_by().values("pk") for t in targets]
    rows_qs = (Enrolment.objects.filter(pk__in=ids[0].union(*ids[1:]) if len(ids) > 1
                                        else ids[0]).order_by()
               .annotate(**{f"flag_{n}": ExpressionWrapper(q, output_field=BooleanField())
                            for n, q in flags.items()})
               .values_list(*TARGET_COLUMNS.values(), *(f"flag_{n}" for n in names)))
    try:
        targets_sql, targets_params = rows_qs.query.sql_with_params()
    except EmptyResultSet:
        return {}
    sql = _PASS.format(
        columns=", ".join([*TARGET_COLUMNS, *(f"flag_{n}" for n in names)]),
        targets=targets_sql,
        flag_columns="".join(f", d.flag_{n}" for n in names),
        latest="MAX" if connection.vendor == "sqlite" else "GREATEST")
    cancelled, catch_up = SessionStatus.CANCELLED.value, SessionKind.CATCH_UP.value
    came = sorted(str(s) for s in MarkStatus.attended())  # plain text, not the enum
    drop_in = Delivery.DROP_IN.value
    params = [*targets_params,
              cancelled, catch_up,  # span
              cancelled, catch_up,  # expected (an enrolment not spanning its run)
              cancelled, catch_up,  # final
              catch_up, catch_up, *came, cancelled,  # slots
              *came, cancelled, catch_up, catch_up,  # core_first
              drop_in,  # completed: met
              ]
    with transaction.atomic(), connection.cursor() as cursor:
        _without_jit(cursor)
        c_timestamps(cursor)
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if connection.vendor == "sqlite":  # UTC text, parsed here (PostgreSQL: aware datetimes)
        rows = [(*row[:6], _moment(row[6]), _moment(row[7]), *row[8:]) for row in rows]
    return {row[0]: EnrolmentFacts._make(
                (*row[:10], dict(zip(names, map(bool, row[10:]), strict=True)) if names else {}))
            for row in rows}


def _without_jit(cursor: CursorWrapper) -> None:
    """On PostgreSQL, run this transaction's queries without JIT compilation. The pass's
    estimated cost is far above `jit_above_cost`, so PostgreSQL compiles it first: over
    bench/quarterly.py's 1,000,000 marks EXPLAIN ANALYZE shows 170 ms of JIT (237 functions,
    most of it emission) for a query that reads each row once. `SET LOCAL`: the setting
    ends with the transaction."""
    if connection.vendor == "postgresql":
        cursor.execute("SET LOCAL jit = off")
