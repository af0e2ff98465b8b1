"""The quarterly return over a large register, on PostgreSQL: project code vs hand-written SQL.

Builds RUNS runs × SESSIONS weekly sessions × PEOPLE people (default 2,000 × 20 × 25, about
1,000,000 marks), each person with her demographics (date of birth encrypted, sex, one of four
localities; `--no-demographics` leaves them out, as the bench did before December 2026), in a
fresh database of its own, with bulk inserts and a progress bar; then
  1. computes the return through the project's code (the django-q2 task body: every figure,
     suppression, stored as JSON);
  2. counts the same starters and completers with one hand-written SQL query (window
     functions);
  3. times the API answering from the stored computation.
Prints both times (medians of --rounds interleaved rounds) and the ratio. Goal: ratio ≤ 1.5,
cached API answer < 200 ms.

    .venv/bin/python bench/quarterly.py                       # ~1,000,000 marks
    .venv/bin/python bench/quarterly.py --runs 40             # small: ~20,000 marks
    .venv/bin/python bench/quarterly.py --database-url postgres://postgres@127.0.0.1:5432/gw_f10_bench
    .venv/bin/python bench/quarterly.py --reuse               # time again on the last build
    .venv/bin/python bench/quarterly.py --reuse --no-demographics  # as before December 2026
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import fresh_database, progress  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--runs", type=int, default=2000)
parser.add_argument("--sessions", type=int, default=20)
parser.add_argument("--people", type=int, default=25, help="per run")
parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/gw_f10_bench")
parser.add_argument("--rounds", type=int, default=3,
                    help="timed rounds, each the hand-written query then the project's code")
parser.add_argument("--no-demographics", dest="demographics", action="store_false",
                    help="give nobody demographics (the equality tables then count nobody)")
parser.add_argument("--reuse", action="store_true",
                    help="keep the database a previous run built (migrated again, not rebuilt)")
ARGS = parser.parse_args()
os.environ["DATABASE_URL"] = ARGS.database_url
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scheduler.settings")
os.environ.setdefault("Q_SYNC", "1")


if not ARGS.reuse:
    fresh_database(ARGS.database_url)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from attendance.models import Mark, Register, ReturnComputation  # noqa: E402
from attendance.quarters import LONDON, Quarter  # noqa: E402
from attendance.return_store import return_compute  # noqa: E402
from programmes.enums import Delivery, OutputCategory  # noqa: E402
from programmes.models import (  # noqa: E402
    Demographics,
    Enrolment,
    GroupRun,
    Participant,
    ProgrammeType,
)
from scheduler.models import Locality, Room, Session, User, Venue  # noqa: E402
from scheduler.platform.roles import Role  # noqa: E402

QUARTER = Quarter(2025, 2)  # Jul–Sep 2025: runs start May–Aug, so both starters and completers
FIRST_START = dt.datetime(2025, 5, 5, 10, 0, tzinfo=LONDON)
PERCENT = 75
BATCH = 20_000


def bulk(model: type, rows: Iterator[object], total: int, label: str) -> None:
    batch: list[object] = []
    done = 0
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            model.objects.bulk_create(batch)  # type: ignore[attr-defined]
            done += len(batch)
            batch = []
            progress(label, done, total)
    if batch or not done:
        model.objects.bulk_create(batch)  # type: ignore[attr-defined]
        progress(label, total, total)


def attends(run: int, session: int, person: int) -> bool:
    """Deterministic, about 85 % attendance, some people dropping out."""
    if person % 7 == 0 and session > 8:
        return False
    return (run * 31 + session * 17 + person * 13) % 100 < 85


def build(runs: int, sessions: int, people: int) -> User:
    manager = User.objects.create_user("bench-manager", password="bench-pass-123",
                                       role=Role.MANAGER)
    programme = ProgrammeType.objects.create(
        name="Bench Recovery Toolkit", slug="bench-recovery-toolkit", audience="women",
        delivery=Delivery.CLOSED_COHORT, output_category=OutputCategory.RECOVERY_TOOLKIT,
        session_count=sessions, completion_min_percent=PERCENT)
    venue = Venue.objects.create(
        name="Bench Centre", locality=Locality.objects.get_or_create(name="Leicester City")[0])
    room = Room.objects.create(venue=venue, name="Hall", capacity=30)
    starts = [FIRST_START + dt.timedelta(days=i * 120 // runs) for i in range(runs)]
    bulk(GroupRun, (GroupRun(programme=programme, name=f"Run {i}", venue=venue, room=room,
                             capacity=people) for i in range(runs)), runs, "runs")
    run_ids = list(GroupRun.objects.order_by("id").values_list("id", flat=True))
    bulk(Session, (Session(run_id=run_ids[i], room=None, number=k + 1,
                           starts_at=starts[i] + dt.timedelta(weeks=k),
                           ends_at=starts[i] + dt.timedelta(weeks=k, hours=2))
                   for i in range(runs) for k in range(sessions)), runs * sessions, "sessions")
    session_ids = list(Session.objects.order_by("run_id", "number").values_list("id", flat=True))
    bulk(Register, (Register(session_id=s, taken_by=manager, taken_at=FIRST_START)
                    for s in session_ids), len(session_ids), "registers")
    bulk(Participant, (Participant(known_as=f"P{n}") for n in range(runs * people)),
         runs * people, "people")
    person_ids = list(Participant.objects.order_by("id").values_list("id", flat=True))
    bulk(Enrolment, (Enrolment(participant_id=person_ids[i * people + p], run_id=run_ids[i],
                               joined_at=starts[i] - dt.timedelta(days=7))
                     for i in range(runs) for p in range(people)), runs * people, "enrolments")
    enrolment_ids = list(Enrolment.objects.order_by("run_id", "id").values_list("id", flat=True))
    bulk(Mark, (Mark(session_id=session_ids[i * sessions + k],
                     enrolment_id=enrolment_ids[i * people + p],
                     status="present" if attends(i, k, p) else "absent",
                     recorded_by=manager, recorded_at=FIRST_START)
                for i in range(runs) for k in range(sessions) for p in range(people)),
         runs * sessions * people, "marks")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return manager


LOCALITIES = ["Leicester City", "Rutland", "Melton", "Charnwood"]


def add_demographics() -> None:
    """Every participant's demographics, deterministic: dates of birth over 45 years."""
    localities = [Locality.objects.get_or_create(name=n)[0] for n in LOCALITIES]
    ids = list(Participant.objects.order_by("id").values_list("id", flat=True))
    bulk(Demographics, (Demographics(
        participant_id=pk, date_of_birth=dt.date(1960 + pk % 45, 1 + pk % 12, 1 + pk % 28),
        sex="female" if pk % 5 else "male", locality=localities[pk % len(localities)])
        for pk in ids), len(ids), "demographics")


HAND_SQL = """
WITH firsts AS (
  SELECT m.enrolment_id, MIN(s.starts_at) AS first_at
  FROM attendance_mark m
  JOIN scheduler_session s ON s.id = m.session_id
  JOIN programmes_enrolment e ON e.id = m.enrolment_id
  JOIN programmes_grouprun r ON r.id = e.run_id
  JOIN programmes_programmetype p ON p.id = r.programme_id
  WHERE m.status IN ('present', 'late') AND s.status <> 'cancelled'
    AND p.delivery IN ('closed', 'rolling')
  GROUP BY m.enrolment_id),
expected AS (
  SELECT e.id AS enrolment_id, COUNT(*) AS n
  FROM programmes_enrolment e JOIN scheduler_session s ON s.run_id = e.run_id
  WHERE s.status <> 'cancelled' AND s.kind <> 'catch_up' AND s.starts_at >= e.joined_at
    AND (e.left_at IS NULL OR s.starts_at < e.left_at)
  GROUP BY e.id),
attended AS (
  SELECT m.enrolment_id, s.starts_at,
         ROW_NUMBER() OVER (PARTITION BY m.enrolment_id ORDER BY s.starts_at, s.id) AS k
  FROM attendance_mark m JOIN scheduler_session s ON s.id = m.session_id
  WHERE m.status IN ('present', 'late') AND s.status <> 'cancelled'),
met AS (
  SELECT a.enrolment_id, MIN(a.starts_at) AS met_at
  FROM attended a JOIN expected x ON x.enrolment_id = a.enrolment_id
  WHERE a.k * 100 >= %(percent)s * x.n
  GROUP BY a.enrolment_id)
SELECT (SELECT COUNT(*) FROM firsts WHERE first_at >= %(start)s AND first_at < %(end)s),
       (SELECT COUNT(*) FROM met WHERE met_at >= %(start)s AND met_at < %(end)s)
"""


def hand_written() -> tuple[int, int]:
    start, end = QUARTER.bounds()
    with connection.cursor() as cursor:
        cursor.execute(HAND_SQL, {"percent": PERCENT, "start": start, "end": end})
        starters, completers = cursor.fetchone()
    return starters, completers


def project() -> tuple[int, int]:
    computation = ReturnComputation.objects.create(
        year=QUARTER.year, quarter=QUARTER.number, threshold=5, requested_at=dt.datetime.now(
            tz=LONDON))
    return_compute(computation_id=computation.pk)
    computation.refresh_from_db()
    report = computation.report or {}
    headlines = {h["label"]: h["value"] for h in report["headlines"]}
    by_sex = next(t for t in report["starters_equality"] if t["title"] == "Sex")
    female = dict(zip(by_sex["labels"], by_sex["values"], strict=True))["Female"]
    if ARGS.demographics:  # the equality tables read the people's demographics
        assert int(female) > 0, "the starters' demographics were not read"
    return int(headlines["People starting groups"]), int(headlines["People completing groups"])


def timed(fn):  # type: ignore[no-untyped-def]
    began = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - began


def api_answer_ms(manager: User) -> float:
    client = Client()
    client.force_login(manager)
    url = f"/api/reports/quarterly?year={QUARTER.year}&quarter={QUARTER.number}"
    times = []
    for _ in range(5):
        began = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(times)


def main() -> None:
    print(f"database {ARGS.database_url.rsplit('/', 1)[1]}: migrating…", flush=True)
    call_command("migrate", verbosity=0)
    reused = ARGS.reuse and User.objects.filter(username="bench-manager").first()
    manager = reused or build(ARGS.runs, ARGS.sessions, ARGS.people)
    if ARGS.demographics and not Demographics.objects.exists():
        add_demographics()
    elif not ARGS.demographics:
        Demographics.objects.all().delete()
    if reused or ARGS.demographics:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    marks = Mark.objects.count()
    print(f"{marks:,} marks, {Demographics.objects.count():,} people with demographics; "
          f"return for {QUARTER.label}")
    # Interleaved rounds, medians compared: on a noisy machine one pair of timings can be
    # taken a second apart in quite different weather.
    sql_times, code_times = [], []
    for n in range(1, ARGS.rounds + 1):
        sql_counts, sql_s = timed(hand_written)
        with CaptureQueriesContext(connection) as queries:
            code_counts, code_s = timed(project)
        sql_times.append(sql_s)
        code_times.append(code_s)
        print(f"round {n}: hand-written SQL {sql_s:5.2f} s, project code {code_s:5.2f} s "
              f"({len(queries)} queries)", flush=True)
    sql_s, code_s = statistics.median(sql_times), statistics.median(code_times)
    print(f"hand-written SQL  : {sql_s:7.2f} s median  starters, completers = {sql_counts}")
    print(f"project code      : {code_s:7.2f} s median  starters, completers = {code_counts}")
    print(f"ratio             : {code_s / sql_s:7.2f}x  (goal ≤ 1.5x)")
    print(f"counts agree      : {sql_counts == code_counts}")
    print(f"cached API answer : {api_answer_ms(manager):7.1f} ms median of 5 (goal < 200 ms)")


if __name__ == "__main__":
    main()
