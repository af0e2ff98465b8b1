"""Plan a whole term: 200 group runs across 20 venues, with every clash rule checked.

Prints the time taken and the ratio to expanding the same rules with plain dateutil (which
knows nothing of closures, terms or clashes). Goal: under 10 s, ratio under 20x.

    .venv/bin/python bench/plan_term.py          # pure planning and clash rules
    .venv/bin/python bench/plan_term.py --db     # also through the services, on a temp SQLite
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scheduler.settings")
if "--db" in sys.argv:  # never touch the real database
    import tempfile

    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"

import django  # noqa: E402

django.setup()

from dateutil.rrule import WEEKLY, rrule  # type: ignore[import-untyped]  # noqa: E402

from scheduler.calendar.clashes import Availability, Link, Slot, check  # noqa: E402
from scheduler.calendar.recurrence import (  # noqa: E402
    LONDON,
    ClosureIndex,
    TermSpan,
    bank_holidays,
    plan_dates,
)

RUNS, VENUES, ROOMS_PER_VENUE, SESSIONS = 200, 20, 3, 12
DAYS = ["MO", "TU", "WE", "TH", "FR"]
TERM = TermSpan("Autumn 2026", dt.date(2026, 9, 3), dt.date(2026, 12, 18),
                dt.date(2026, 10, 26), dt.date(2026, 10, 30))
START = dt.date(2026, 9, 7)


def runs() -> list[dict]:
    """Deterministic runs: a weekday and slot per run, two facilitators, ten participants."""
    made = []
    for i in range(RUNS):
        room, k = i % (VENUES * ROOMS_PER_VENUE), i // (VENUES * ROOMS_PER_VENUE)
        made.append({
            "id": i, "venue": room // ROOMS_PER_VENUE, "room": room, "day": (k + room) % 5,
            "hour": [10, 13, 18][k % 3], "capacity": 12,
            "staff": frozenset({i % 100, 100 + i // 2}),
            "people": frozenset(range(i * 10, i * 10 + 10))})
    return made


def links() -> list[Link]:
    rng = random.Random(7)
    pairs = [sorted(rng.sample(range(RUNS * 10), 2)) for _ in range(100)]
    return [Link(a, b, 60, n) for n, (a, b) in enumerate(pairs)]


def plan_all(index: ClosureIndex) -> list[Slot]:
    slots = []
    for run in runs():
        plan = plan_dates(rule=f"RRULE:FREQ=WEEKLY;BYDAY={DAYS[run['day']]}", start_date=START,
                          start_time=dt.time(run["hour"]), target=SESSIONS, closed=index)
        slots += [Slot(f"p{run['id']}-{n}", run["id"], s, s + dt.timedelta(hours=2),
                       room_id=run["room"], venue_id=run["venue"], room_capacity=14,
                       run_capacity=run["capacity"], facilitator_ids=run["staff"],
                       participant_ids=run["people"]) for n, s in enumerate(plan.starts)]
    return slots


def dateutil_all() -> int:
    total = 0
    for run in runs():
        start = dt.datetime.combine(START, dt.time(run["hour"]), tzinfo=LONDON)
        total += len(list(rrule(WEEKLY, dtstart=start, byweekday=run["day"], count=SESSIONS)))
    return total


def best_of(repeats: int, work: Callable[[], object]) -> tuple[float, object]:
    timings, result = [], None
    for _ in range(repeats):
        began = time.perf_counter()
        result = work()
        timings.append(time.perf_counter() - began)
    return min(timings), result


def main() -> None:
    index = ClosureIndex(days=bank_holidays(TERM.starts_on, TERM.ends_on), terms=(TERM,))
    hours = {d: ((dt.time(9), dt.time(21)),) for d in range(5)}
    availability = {f: Availability(hours=hours) for f in range(200)}
    link_list = links()
    plan_s, slots = best_of(5, lambda: plan_all(index))
    clash_s, clashes = best_of(5, lambda: check(slots, availability=availability,  # type: ignore[arg-type]
                                                links=link_list))
    base_s, _ = best_of(5, dateutil_all)
    total = plan_s + clash_s
    by_rule = Counter(c.rule for c in clashes)  # type: ignore[attr-defined]
    print(f"runs={RUNS} venues={VENUES} sessions={len(slots)} clashes={dict(by_rule)}")  # type: ignore[arg-type]
    print(f"plan (closures, terms, London time): {plan_s * 1000:8.1f} ms")
    print(f"clash checks (all five rules):       {clash_s * 1000:8.1f} ms")
    print(f"total:                               {total * 1000:8.1f} ms  (goal < 10 000 ms)")
    print(f"plain dateutil expansion:            {base_s * 1000:8.1f} ms")
    print(f"ratio plan/dateutil: {plan_s / base_s:5.1f}x   total/dateutil: {total / base_s:5.1f}x"
          "  (goal < 20x)")


def through_services() -> None:
    """The real path: schedule_set + schedule_generate per run, clash queries included."""
    from django.core.management import call_command

    from programmes.models import GroupRun, ProgrammeType
    from scheduler.calendar.services import schedule_generate, schedule_set
    from scheduler.models import Locality, Room, TermCalendar, Venue

    call_command("migrate", verbosity=0)
    bench = Locality.objects.get_or_create(name="Bench")[0]
    calendar = TermCalendar.objects.create(name="Bench", locality=bench)
    calendar.terms.create(season="autumn", name=TERM.name, starts_on=TERM.starts_on,
                          ends_on=TERM.ends_on, half_term_starts_on=TERM.half_term_starts_on,
                          half_term_ends_on=TERM.half_term_ends_on)
    programme = ProgrammeType.objects.create(name="Bench", slug="bench", audience="women",
                                             delivery="closed")
    venues = [Venue.objects.create(name=f"Venue {v}", locality=bench) for v in range(VENUES)]
    rooms = [Room.objects.create(venue=venues[r // ROOMS_PER_VENUE], name=f"Room {r}",
                                 capacity=14) for r in range(VENUES * ROOMS_PER_VENUE)]
    began = time.perf_counter()
    for run in runs():
        room = rooms[run["room"]]
        group = GroupRun.objects.create(programme=programme, name=f"Run {run['id']}",
                                        venue=room.venue, room=room, capacity=12)
        schedule_set(run=group, rule=f"RRULE:FREQ=WEEKLY;BYDAY={DAYS[run['day']]}",
                     start_date=START, start_time=dt.time(run["hour"]), duration_minutes=120,
                     target_sessions=SESSIONS, calendars=[calendar.pk], by=None)
        schedule_generate(run=group, by=None)
    took = time.perf_counter() - began
    print(f"services on SQLite (set + generate, 200 runs): {took * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
    if "--db" in sys.argv:
        through_services()
