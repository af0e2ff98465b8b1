"""Crèche sessions and bookings. Booking locks the crèche session row so two coordinators
cannot both take the last place."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from creche.models import DEFAULT_MIN_STAFF, Child, CrecheBooking, CrecheSession
from creche.ratios import age_in_months
from scheduler.calendar.enums import SessionStatus
from scheduler.models import Session, User, Venue

log = logging.getLogger(__name__)

CANCELLED_MESSAGE = ("The group session this crèche supports is cancelled. Nobody can be "
                     "booked or signed in; check the day's sessions with the coordinator.")


@transaction.atomic
def creche_session_create(*, venue: Venue, starts_at: dt.datetime, ends_at: dt.datetime,
                          capacity: int | None = None, min_staff: int = DEFAULT_MIN_STAFF,
                          min_age_months: int = 0,
                          session: Session | None = None) -> CrecheSession:
    """A crèche; beside a group session its places default to the run's crèche need."""
    if capacity is None:
        capacity = session.run.creche_places if session is not None else 0
    errors = {}
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        errors["starts_at"] = "Times must include a time zone."
    elif not all(2000 <= t.year <= 2100 for t in (starts_at, ends_at)):
        errors["starts_at"] = "Times must fall between the years 2000 and 2100."
    elif ends_at <= starts_at:
        errors["ends_at"] = "The crèche must end after it starts."
    if capacity < 1:
        errors["capacity"] = "Capacity must be at least 1."
    if min_staff < 1:
        errors["min_staff"] = "At least one member of staff must be present."
    if errors:
        raise ValidationError(errors)
    creche = CrecheSession.objects.create(venue=venue, starts_at=starts_at, ends_at=ends_at,
                                          capacity=capacity, min_staff=min_staff,
                                          min_age_months=min_age_months, session=session)
    log.info("creche session created id=%s", creche.pk)
    return creche


def lock_session(creche_session_id: int) -> CrecheSession:
    return (CrecheSession.objects.select_for_update(of=("self",)).select_related("session")
            .get(pk=creche_session_id))


def refuse_if_cancelled(creche: CrecheSession, field: str) -> None:
    if creche.session is not None and creche.session.status == SessionStatus.CANCELLED:
        raise ValidationError({field: CANCELLED_MESSAGE})


def _check_child_fits(locked: CrecheSession, child: Child) -> None:
    day = timezone.localdate(locked.starts_at)
    if child.date_of_birth > day:
        raise ValidationError({"child_id": "The child is not born by the crèche date."})
    if age_in_months(child.date_of_birth, day) < locked.min_age_months:
        raise ValidationError({"child_id": (
            f"This crèche takes children from {locked.min_age_months} months old; the child is "
            "younger on the day. Talk to the coordinator about another crèche.")})
    if CrecheBooking.objects.filter(creche_session=locked, child=child).exists():
        raise ValidationError({"child_id": "This child is already booked into this crèche."})
    if CrecheBooking.objects.filter(creche_session=locked).count() >= locked.capacity:
        raise ValidationError({"creche_session_id": "This crèche is full."})


@transaction.atomic
def booking_create(*, creche_session: CrecheSession, child: Child, by: User) -> CrecheBooking:
    locked = lock_session(creche_session.pk)
    refuse_if_cancelled(locked, "creche_session_id")
    _check_child_fits(locked, child)
    try:
        with transaction.atomic():
            booking = CrecheBooking.objects.create(creche_session=locked, child=child,
                                                   created_by=by)
    except IntegrityError:
        raise ValidationError(
            {"child_id": "This child is already booked into this crèche."}) from None
    log.info("creche booking created id=%s session=%s", booking.pk, locked.pk)
    return booking


@transaction.atomic
def booking_cancel(*, booking: CrecheBooking) -> None:
    """Release a place. A child who has been signed in keeps the day's record."""
    if booking.attendances.exists():
        raise ValidationError({"booking_id": "This child has been signed in; the booking is "
                                             "part of the day's record and stays."})
    log.info("creche booking cancelled id=%s session=%s", booking.pk, booking.creche_session_id)
    booking.delete()
