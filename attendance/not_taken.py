"""Registers not taken: sessions that have ended, were not cancelled, and have no register.

Coordinators see them by facilitator, venue and programme; a daily task records a digest.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from attendance.models import Register, RegistersDigest
from scheduler.calendar.enums import SessionStatus
from scheduler.models import Session

LOOK_BACK_DAYS = 60


def registers_not_taken(*, now: dt.datetime | None = None) -> QuerySet[Session]:
    """Ended sessions of the last LOOK_BACK_DAYS with no register, oldest first."""
    now = now or timezone.now()
    return (Session.objects.filter(ends_at__lt=now,
                                   ends_at__gte=now - dt.timedelta(days=LOOK_BACK_DAYS))
            .exclude(status=SessionStatus.CANCELLED)
            .exclude(Exists(Register.objects.filter(session=OuterRef("pk"))))
            .select_related("run__programme", "run__venue")
            .prefetch_related("run__facilitators")
            .order_by("starts_at", "id"))


def not_taken_counts(sessions: list[Session]) -> dict[str, Counter[str]]:
    """How many overdue registers per facilitator, venue and programme."""
    counts: dict[str, Counter[str]] = {"facilitator": Counter(), "venue": Counter(),
                                       "programme": Counter()}
    for session in sessions:
        for person in session.run.facilitators.all():
            counts["facilitator"][person.display_name] += 1
        counts["venue"][session.run.venue.name] += 1
        counts["programme"][session.run.programme.name] += 1
    return counts


@transaction.atomic
def digest_record(*, day: dt.date) -> int:
    """Record (or replace) the day's digest; returns how many registers are overdue."""
    sessions = list(registers_not_taken())
    by_facilitator: Counter[str] = Counter()
    for session in sessions:
        for person in session.run.facilitators.all():
            by_facilitator[str(person.pk)] += 1
    RegistersDigest.objects.update_or_create(
        day=day, defaults={"overdue": len(sessions), "by_facilitator": dict(by_facilitator)})
    return len(sessions)
