"""Demo registers: realistic marks for past sessions, taken through the real service."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from attendance.models import MarkStatus, PopulationCharacteristic, Register
from attendance.population import population_set
from attendance.selectors import register_lines
from attendance.services import MarkInput, register_submit
from scheduler.models import Locality, Session, User

# Out of 20: mostly present, a few late, some absences, the odd apology.
PATTERN = ([MarkStatus.PRESENT] * 14 + [MarkStatus.LATE] * 2 + [MarkStatus.ABSENT] * 3
           + [MarkStatus.EXCUSED])


def demo_status(*, session_id: int, enrolment_id: int) -> str:
    """Deterministic, so re-running the seed gives the same registers."""
    return PATTERN[(session_id * 31 + enrolment_id * 17) % len(PATTERN)]


def seed_demo(*, sessions: Iterable[Session], by: User) -> int:
    """Take a register for each past, non-cancelled session that has none; return how many."""
    now = timezone.now()
    taken = 0
    for session in sessions:
        if session.is_cancelled or session.starts_at >= now:
            continue
        if Register.objects.filter(session=session).exists():
            continue
        marks = [MarkInput(line.enrolment_id,
                  demo_status(session_id=session.pk, enrolment_id=line.enrolment_id),
                  f"demo-{session.pk}-{line.enrolment_id}")
                 for line in register_lines(session=session) if line.expected]
        register_submit(session=session, marks=marks, by=by, now=session.ends_at)
        taken += 1
    return taken


# Residents by sex for the demo's localities: round figures near the 2021 census totals,
# illustrative only. Age, ethnic group and disability are left for the provider to enter, so
# the dashboard shows both a population chart and what is still missing.
DEMO_RESIDENTS = {"Blaby": 103_000, "Charnwood": 184_000, "Harborough": 98_000,
                  "Hinckley and Bosworth": 114_000, "Melton": 52_000,
                  "North West Leicestershire": 105_000, "Oadby and Wigston": 58_000,
                  "Rutland": 41_000, "Leicester City": 369_000}
DEMO_SOURCE = "Demo figures: rounded, illustrative only"


def seed_population(*, by: User) -> int:
    """Residents by sex for every listed locality that has none yet; return how many."""
    seeded = 0
    for locality in Locality.objects.filter(unmatched=False, population_figures__isnull=True):
        total = DEMO_RESIDENTS.get(locality.name, 50_000)
        female = round(total * 0.51)
        population_set(locality=locality, characteristic=PopulationCharacteristic.SEX,
                       residents={"Female": female, "Male": total - female},
                       source=DEMO_SOURCE, by=by)
        seeded += 1
    return seeded
