"""A facilitator's working hours and leave, replaced as a whole."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from scheduler.calendar.services.places import check_days
from scheduler.models import FacilitatorHours, FacilitatorLeave, User


@dataclass(frozen=True)
class WorkingHours:
    """One weekly window a facilitator works: weekday 0 (Monday) to 6, local times."""
    weekday: int
    starts_at: dt.time
    ends_at: dt.time


@dataclass(frozen=True)
class LeaveSpan:
    """Days away, both ends included."""
    starts_on: dt.date
    ends_on: dt.date


def _refuse_bad(hours: list[WorkingHours], leave: list[LeaveSpan]) -> None:
    for h in hours:
        if not 0 <= h.weekday <= 6:
            raise ValidationError({"hours": "Weekday is 0 (Monday) to 6 (Sunday)"})
        if h.ends_at <= h.starts_at or h.starts_at.tzinfo or h.ends_at.tzinfo:
            raise ValidationError({"hours": "Give local times, the end after the start"})
    if any(span.ends_on < span.starts_on for span in leave):
        raise ValidationError({"leave": "Leave ends before it starts"})


@transaction.atomic
def availability_set(*, user: User, hours: list[WorkingHours], leave: list[LeaveSpan]) -> None:
    """No hours means "no restriction"; leave ranges are inclusive."""
    _refuse_bad(hours, leave)
    FacilitatorHours.objects.filter(user=user).delete()
    FacilitatorLeave.objects.filter(user=user).delete()
    FacilitatorHours.objects.bulk_create(
        FacilitatorHours(user=user, weekday=h.weekday, starts_at=h.starts_at, ends_at=h.ends_at)
        for h in hours)
    FacilitatorLeave.objects.bulk_create(
        FacilitatorLeave(user=user, starts_on=span.starts_on, ends_on=span.ends_on)
        for span in leave)


# --- one row at a time, from the availability page ------------------------------------------

@transaction.atomic
def hours_add(*, user: User, weekday: int, starts_at: dt.time, ends_at: dt.time
              ) -> FacilitatorHours:
    """One weekly working window; windows on the same day may not overlap."""
    _refuse_bad([WorkingHours(weekday, starts_at, ends_at)], [])
    User.objects.select_for_update().filter(pk=user.pk).first()  # one writer per person
    if FacilitatorHours.objects.filter(user=user, weekday=weekday, starts_at__lt=ends_at,
                                       ends_at__gt=starts_at).exists():
        raise ValidationError({"starts_at": "This overlaps hours already recorded that day"})
    return FacilitatorHours.objects.create(user=user, weekday=weekday, starts_at=starts_at,
                                           ends_at=ends_at)


def hours_delete(*, hours: FacilitatorHours) -> None:
    hours.delete()


@transaction.atomic
def leave_add(*, user: User, starts_on: dt.date, ends_on: dt.date) -> FacilitatorLeave:
    """Days away (inclusive); a span may not overlap leave already recorded."""
    check_days(starts_on=starts_on, ends_on=ends_on)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "Leave ends before it starts"})
    if (ends_on - starts_on).days > 366:
        raise ValidationError({"ends_on": "Record leave a year at a time at most"})
    User.objects.select_for_update().filter(pk=user.pk).first()  # one writer per person
    if FacilitatorLeave.objects.filter(user=user, starts_on__lte=ends_on,
                                       ends_on__gte=starts_on).exists():
        raise ValidationError({"starts_on": "This overlaps leave already recorded"})
    return FacilitatorLeave.objects.create(user=user, starts_on=starts_on, ends_on=ends_on)


def leave_delete(*, leave: FacilitatorLeave) -> None:
    leave.delete()
