"""Demo registers: realistic marks for past sessions, taken through the real service."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from attendance.models import MarkStatus, Register
from attendance.selectors import register_lines
from attendance.services import MarkInput, register_submit
from scheduler.models import Session, User

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
