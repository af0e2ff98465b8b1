"""A facilitator's working hours and leave, replaced as a whole."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from scheduler.models import FacilitatorHours, FacilitatorLeave, User


@transaction.atomic
def availability_set(*, user: User, hours: list[tuple[int, dt.time, dt.time]],
                     leave: list[tuple[dt.date, dt.date]]) -> None:
    """No hours means "no restriction"; leave ranges are inclusive."""
    for weekday, start, end in hours:
        if not 0 <= weekday <= 6:
            raise ValidationError({"hours": "Weekday is 0 (Monday) to 6 (Sunday)"})
        if end <= start or start.tzinfo or end.tzinfo:
            raise ValidationError({"hours": "Give local times, the end after the start"})
    if any(last < first for first, last in leave):
        raise ValidationError({"leave": "Leave ends before it starts"})
    FacilitatorHours.objects.filter(user=user).delete()
    FacilitatorLeave.objects.filter(user=user).delete()
    FacilitatorHours.objects.bulk_create(
        FacilitatorHours(user=user, weekday=d, starts_at=s, ends_at=e) for d, s, e in hours)
    FacilitatorLeave.objects.bulk_create(
        FacilitatorLeave(user=user, starts_on=f, ends_on=t) for f, t in leave)
