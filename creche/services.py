"""The only code that changes crèche state. Every refusal is a ValidationError with a
field-level message staff can act on; messages never contain a child's or adult's name.

Ratio and first-aid checks lock the crèche session row (select_for_update) so two tablets
signing children in at the same moment cannot both squeeze past the ratio.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from creche.collection import Collector, collection_refusal, normalise_name
from creche.models import (
    DEFAULT_MIN_STAFF,
    Attendance,
    AuthorisedCollector,
    Child,
    CrecheBooking,
    CrecheSession,
    NeverCollect,
    StaffOnDuty,
    StaffQualification,
)
from creche.ratios import StaffMember, ratio_status
from creche.selectors import never_collect_names, present_attendances, staff_member, staff_on_duty
from programmes.models import Participant
from scheduler.models import Session, User, Venue
from scheduler.platform.permissions import CRECHE_STAFF

log = logging.getLogger(__name__)


@transaction.atomic
def creche_session_create(*, venue: Venue, starts_at: dt.datetime, ends_at: dt.datetime,
                          capacity: int, min_staff: int = DEFAULT_MIN_STAFF,
                          session: Session | None = None) -> CrecheSession:
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
                                          session=session)
    log.info("creche session created id=%s", creche.pk)
    return creche


@transaction.atomic
def child_create(*, parent: Participant, known_as: str, date_of_birth: dt.date,
                 allergies: str = "", medical_notes: str = "") -> Child:
    if not known_as.strip():
        raise ValidationError({"known_as": "Enter the name the child is known by."})
    if date_of_birth > timezone.localdate():
        raise ValidationError({"date_of_birth": "Date of birth cannot be in the future."})
    child = Child(parent=parent, known_as=known_as.strip(), date_of_birth=date_of_birth,
                  allergies=allergies, medical_notes=medical_notes)
    child.full_clean()  # field validators: no hidden direction controls, a plausible birth date
    child.save()
    return child


@transaction.atomic
def collector_add(*, child: Child, name: str, relationship: str, password: str = "",
                  description: str = "") -> AuthorisedCollector:
    if not name.strip():
        raise ValidationError({"name": "Enter the collector's name."})
    never = {normalise_name(n) for n in never_collect_names(child=child)}
    if normalise_name(name) in never:
        raise ValidationError({"name": "This person is recorded as never to collect the child."})
    collector = AuthorisedCollector(child=child, name=name.strip(), relationship=relationship,
                                    password=password, description=description)
    collector.full_clean()
    collector.save()
    return collector


@transaction.atomic
def never_collect_add(*, child: Child, description: str, name: str = "",
                      participant: Participant | None = None) -> NeverCollect:
    if not description.strip():
        raise ValidationError({"description": "Describe who must never collect the child."})
    return NeverCollect.objects.create(child=child, description=description, name=name.strip(),
                                       participant=participant)


@transaction.atomic
def booking_create(*, creche_session: CrecheSession, child: Child, by: User) -> CrecheBooking:
    locked = CrecheSession.objects.select_for_update().get(pk=creche_session.pk)
    if CrecheBooking.objects.filter(creche_session=locked, child=child).exists():
        raise ValidationError({"child_id": "This child is already booked into this crèche."})
    if child.date_of_birth > timezone.localdate(locked.starts_at):
        raise ValidationError({"child_id": "The child is not born by the crèche date."})
    if CrecheBooking.objects.filter(creche_session=locked).count() >= locked.capacity:
        raise ValidationError({"creche_session_id": "This crèche is full."})
    try:
        with transaction.atomic():
            booking = CrecheBooking.objects.create(creche_session=locked, child=child,
                                                   created_by=by)
    except IntegrityError:
        raise ValidationError(
            {"child_id": "This child is already booked into this crèche."}) from None
    log.info("creche booking created id=%s session=%s", booking.pk, locked.pk)
    return booking


def _lock_session(creche_session_id: int) -> CrecheSession:
    return CrecheSession.objects.select_for_update().get(pk=creche_session_id)


def _staff_members(creche_session: CrecheSession, *, excluding: int | None = None,
                   ) -> list[StaffMember]:
    return [staff_member(d) for d in staff_on_duty(creche_session=creche_session)
            if d.user_id != excluding]


def _children_dobs(creche_session: CrecheSession) -> list[dt.date]:
    return [a.booking.child.date_of_birth
            for a in present_attendances(creche_session=creche_session)]


@transaction.atomic
def child_sign_in(*, booking: CrecheBooking, by: User,
                  at: dt.datetime | None = None) -> Attendance:
    """Record arrival, refusing when the staff on duty could not safely take one more child."""
    creche = _lock_session(booking.creche_session_id)
    at = at or timezone.now()
    if timezone.localdate(at) != timezone.localdate(creche.starts_at):
        # The ratio is checked per crèche session: a child signed into another day's
        # crèche would be invisible to today's count.
        raise ValidationError({"booking_id": "This crèche is not running today. Open today's "
                                             "crèche to sign the child in."})
    if Attendance.objects.filter(booking=booking).exists():
        raise ValidationError({"booking_id": "This child has already been signed in."})
    dobs = [*_children_dobs(creche), booking.child.date_of_birth]
    status = ratio_status(children=dobs, staff=_staff_members(creche),
                          on=timezone.localdate(creche.starts_at), min_staff=creche.min_staff)
    if not status.first_aider_present:
        raise ValidationError({"booking_id": "No paediatric first aider is on duty. Sign a "
                                             "first aider on before signing children in."})
    if status.staff < status.required:
        raise ValidationError({"booking_id": (
            f"Signing this child in needs {status.required} staff on duty; "
            f"{status.staff} are signed on. Sign more staff on first.")})
    attendance = Attendance.objects.create(booking=booking, signed_in_at=at, signed_in_by=by)
    log.info("creche child signed in booking=%s by=%s", booking.pk, by.pk)
    return attendance


def _collectors(child: Child) -> list[Collector]:
    return [Collector(key=c.pk, name=c.name, password=c.password)
            for c in child.authorised_collectors.filter(is_active=True)]


@transaction.atomic
def child_sign_out(*, booking: CrecheBooking, collected_by: str, by: User, password: str = "",
                   at: dt.datetime | None = None) -> Attendance:
    """Release the child only to an authorised adult who is not on the never-collect list."""
    attendance = Attendance.objects.select_for_update().filter(booking=booking).first()
    if attendance is None:
        raise ValidationError({"booking_id": "This child has not been signed in."})
    if attendance.signed_out_at is not None:
        raise ValidationError({"booking_id": "This child has already been signed out."})
    refusal, match = collection_refusal(
        collected_by=collected_by, password=password, authorised=_collectors(booking.child),
        never_collect=never_collect_names(child=booking.child))
    if refusal is not None or match is None:
        log.warning("creche sign-out refused booking=%s by=%s", booking.pk, by.pk)
        raise ValidationError({"collected_by": refusal or "Not authorised."})
    attendance.signed_out_at = at or timezone.now()
    attendance.collected_by = match.name
    attendance.signed_out_by = by
    attendance.save(update_fields=["signed_out_at", "collected_by", "signed_out_by"])
    log.info("creche child signed out booking=%s collector=%s by=%s", booking.pk, match.key,
             by.pk)
    return attendance


@transaction.atomic
def staff_sign_on(*, creche_session: CrecheSession, user: User,
                  at: dt.datetime | None = None) -> StaffOnDuty:
    creche = _lock_session(creche_session.pk)
    if not user.has_role(*CRECHE_STAFF):
        raise ValidationError({"user_id": "Only crèche staff can be signed on to the crèche."})
    if StaffOnDuty.objects.filter(creche_session=creche, user=user,
                                  signed_off_at__isnull=True).exists():
        raise ValidationError({"user_id": "Already signed on to this crèche."})
    duty = StaffOnDuty.objects.create(creche_session=creche, user=user,
                                      signed_on_at=at or timezone.now())
    log.info("creche staff signed on session=%s user=%s", creche.pk, user.pk)
    return duty


@transaction.atomic
def staff_sign_off(*, creche_session: CrecheSession, user: User,
                   at: dt.datetime | None = None) -> StaffOnDuty:
    """Refuse to leave the children without enough staff or without a first aider."""
    creche = _lock_session(creche_session.pk)
    duty = StaffOnDuty.objects.filter(creche_session=creche, user=user,
                                      signed_off_at__isnull=True).first()
    if duty is None:
        raise ValidationError({"user_id": "Not signed on to this crèche."})
    dobs = _children_dobs(creche)
    if dobs:
        _check_cover_after_leaving(creche, dobs, leaving=user.pk)
    duty.signed_off_at = at or timezone.now()
    duty.save(update_fields=["signed_off_at"])
    log.info("creche staff signed off session=%s user=%s", creche.pk, user.pk)
    return duty


def _check_cover_after_leaving(creche: CrecheSession, dobs: list[dt.date], *,
                               leaving: int) -> None:
    status = ratio_status(children=dobs, staff=_staff_members(creche, excluding=leaving),
                          on=timezone.localdate(creche.starts_at), min_staff=creche.min_staff)
    if not status.first_aider_present:
        raise ValidationError({"user_id": "You are the last paediatric first aider on duty "
                                          "while children are present."})
    if status.staff < status.required:
        raise ValidationError({"user_id": (
            f"{status.children} children need {status.required} staff; signing off would "
            f"leave {status.staff}.")})


@transaction.atomic
def qualification_set(*, user: User, paediatric_first_aid_expires: dt.date | None,
                      level_6_qualified: bool) -> StaffQualification:
    qualification, _ = StaffQualification.objects.update_or_create(
        user=user, defaults={"paediatric_first_aid_expires": paediatric_first_aid_expires,
                             "level_6_qualified": level_6_qualified})
    return qualification
