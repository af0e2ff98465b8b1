"""Demo group runs for the current term, scheduled through the real calendar services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from programmes.models import Enrolment, GroupRun, Participant, ProgrammeType
from programmes.services import enrolment_create, run_create
from scheduler.calendar.services import schedule_generate, schedule_set
from scheduler.models import Room, TermCalendar, User
from scheduler.platform.timezones import LONDON


@dataclass(frozen=True)
class RunSpec:
    name: str
    programme: str  # slug
    room: tuple[str, str]  # venue, room
    rule: str
    start: dt.date
    at: dt.time
    minutes: int
    target: int
    facilitators: tuple[str, ...]
    capacity: int = 12
    term_time_only: bool = True


RUNS: list[RunSpec] = [
    RunSpec("Freedom Programme – Riverside, Tuesday mornings", "freedom-programme",
            ("Riverside Community Centre", "Main Hall"), "RRULE:FREQ=WEEKLY;BYDAY=TU",
            dt.date(2026, 9, 8), dt.time(10, 0), 120, 12, ("facilitator",), 14),
    RunSpec("Recovery Toolkit – Oakfield, Thursday afternoons", "recovery-toolkit",
            ("Oakfield Family Hub", "Meeting Room 1"), "RRULE:FREQ=WEEKLY;BYDAY=TH",
            dt.date(2026, 10, 1), dt.time(13, 0), 120, 12, ("facilitator2", "facilitator"), 10),
    RunSpec("Change programme – Oakfield, Wednesday evenings", "perpetrator-programme",
            ("Oakfield Family Hub", "Meeting Room 2"), "RRULE:FREQ=WEEKLY;BYDAY=WE",
            dt.date(2026, 9, 9), dt.time(18, 30), 150, 26, ("facilitator2",), 10, False),
    RunSpec("Respect young people's toolkit – Riverside, Monday after school",
            "respect-young-peoples-toolkit", ("Riverside Community Centre", "Garden Room"),
            "RRULE:FREQ=WEEKLY;BYDAY=MO", dt.date(2026, 11, 2), dt.time(16, 0), 90, 8,
            ("facilitator",), 8),
    RunSpec("Drop-in – Riverside, Friday mornings", "drop-in",
            ("Riverside Community Centre", "Garden Room"), "RRULE:FREQ=WEEKLY;BYDAY=FR",
            dt.date(2026, 9, 11), dt.time(10, 0), 120, 14, ("facilitator",), 10),
    RunSpec("Training: recognising coercive control (school staff)", "training-awareness",
            ("Oakfield Family Hub", "Meeting Room 1"), "RRULE:FREQ=WEEKLY;BYDAY=WE",
            dt.date(2026, 11, 18), dt.time(15, 30), 90, 1, ("facilitator2",), 14),
    RunSpec("Community event: winter coffee morning", "community-event",
            ("Riverside Community Centre", "Main Hall"), "RRULE:FREQ=WEEKLY;BYDAY=SA",
            dt.date(2026, 12, 5), dt.time(10, 0), 180, 1, ("facilitator",), 20),
]

# Which demo participants go on which run (by position in the seeded list).
ENROL = {
    "freedom-programme": range(0, 8),
    "recovery-toolkit": range(8, 13),
    "perpetrator-programme": range(13, 18),
    "respect-young-peoples-toolkit": range(18, 20),
}


def _room(venue: str, name: str) -> Room:
    return Room.objects.select_related("venue").get(venue__name=venue, name=name)


def run_seed(*, spec: RunSpec, staff: dict[str, User], calendars: Sequence[TermCalendar],
             by: User) -> GroupRun:
    existing = GroupRun.objects.filter(name=spec.name).first()
    if existing is not None:
        return existing
    room = _room(*spec.room)
    run = run_create(programme=ProgrammeType.objects.get(slug=spec.programme), name=spec.name,
                     venue=room.venue, room=room, capacity=spec.capacity, status="running",
                     facilitators=[staff[name] for name in spec.facilitators])
    schedule_set(run=run, rule=spec.rule, start_date=spec.start, start_time=spec.at,
                 duration_minutes=spec.minutes, target_sessions=spec.target,
                 calendars=[c.pk for c in calendars] if spec.term_time_only else [], by=by)
    schedule_generate(run=run, by=by, now=dt.datetime.combine(spec.start, dt.time.min,
                                                              tzinfo=LONDON))
    return run


def enrol_seed(*, run: GroupRun, participants: Sequence[Participant], by: User) -> int:
    picks = ENROL.get(run.programme.slug, range(0))
    first = run.sessions.order_by("starts_at").first()
    made = 0
    for offset, index in enumerate(picks):
        if index >= len(participants):
            break
        participant = participants[index]
        if Enrolment.objects.filter(run=run, participant=participant).exists():
            continue
        joined = first.starts_at if first else run.created_at
        if run.programme.delivery == "rolling" and offset % 3 == 2:
            joined += dt.timedelta(weeks=3)  # a late joiner on a rolling programme
        enrolment_create(participant=participant, run=run, joined_at=joined - dt.timedelta(days=1),
                         by=by)
        made += 1
    return made
