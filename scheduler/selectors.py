"""Reads of the calendar, scoped to what the user may see."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from scheduler.models import Session, User
from scheduler.permissions import sees_all_sessions


def sessions_visible_to(*, user: User) -> QuerySet[Session]:
    qs = Session.objects.select_related("run__programme", "room__venue", "topic")
    if sees_all_sessions(user):
        return qs
    return qs.filter(run__facilitators=user)


def sessions_between(*, user: User, start: dt.datetime, end: dt.datetime) -> QuerySet[Session]:
    return sessions_visible_to(user=user).filter(starts_at__gte=start, starts_at__lt=end)


def local_day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def sessions_for_user_on(*, user: User, day: dt.date) -> QuerySet[Session]:
    start, end = local_day_bounds(day)
    return sessions_between(user=user, start=start, end=end)
