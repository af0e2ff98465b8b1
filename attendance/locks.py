"""When a register locks: a number of days after its session, or once its quarter is published.

After that, a change needs a reason and is recorded as an amendment (who, when, why, before →
after) that coordinators see on the register and managers see flagged as a revision.

Publication belongs to the returns (issue 10). Attendance cannot import it from here without
a cycle of ownership, so the returns' check is registered in `publication_checks` (by
`AttendanceConfig.ready()` once `attendance.publication.quarter_is_published` exists) and every
caller may also pass its own predicate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone

from scheduler.models import Session

PublishedCheck = Callable[[dt.date], bool]

# Each says whether the quarter holding that day has been published. Empty: nothing published.
publication_checks: list[PublishedCheck] = []


def publication_check_register(check: PublishedCheck) -> None:
    """Add a "has the quarter holding this day been published?" predicate (idempotent)."""
    if check not in publication_checks:
        publication_checks.append(check)


def quarter_published(day: dt.date) -> bool:
    """True when any registered publication check says the day's quarter is published."""
    return any(check(day) for check in publication_checks)


def lock_days() -> int:
    return int(getattr(settings, "REGISTER_LOCK_DAYS", 7))


def locks_on(*, session_day: dt.date, days: int) -> dt.date:
    """The first local day on which a register of a session held on `session_day` is locked."""
    return session_day + dt.timedelta(days=days + 1)


def register_is_locked(*, session: Session, now: dt.datetime,
                       published: PublishedCheck = quarter_published) -> bool:
    """Locked once `REGISTER_LOCK_DAYS` whole days have passed since the session's day
    (Europe/London), or as soon as the quarter it falls in has been published."""
    return locked_since_start(starts_at=session.starts_at, now=now, published=published)


def locked_since_start(*, starts_at: dt.datetime, now: dt.datetime,
                       published: PublishedCheck = quarter_published) -> bool:
    """`register_is_locked` for a session known by its start only (the API's read)."""
    day = timezone.localdate(starts_at)
    if timezone.localdate(now) >= locks_on(session_day=day, days=lock_days()):
        return True
    return published(day)
