"""On the day: staff on and off, children in and out.

Ratio and first-aid checks lock the crèche session row (select_for_update) so two tablets
signing children in at the same moment cannot both squeeze past the ratio. A child may be
signed in several times a day (one open visit at a time). A time recorded after the fact needs
a reason; it is kept beside the time it was recorded.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from creche.collection import (
    NEVER_COLLECT_MESSAGE,
    NOT_AUTHORISED_MESSAGE,
    WRONG_PASSWORD_MESSAGE,
    Collector,
    collection_refusal,
)
from creche.models import (
    Attendance,
    Child,
    CrecheBooking,
    CrecheSession,
    IncidentReason,
    StaffOnDuty,
    StaffQualification,
)
from creche.ratios import StaffMember, ratio_status
from creche.selectors import never_collect_names, present_attendances, staff_member, staff_on_duty
from creche.services.incidents import incident_record
from creche.services.sessions import lock_session, refuse_if_cancelled
from scheduler.models import User
from scheduler.platform.permissions import CRECHE_STAFF

log = logging.getLogger(__name__)

# A time this far in the past is "after the fact" and needs a reason.
LATE_RECORD_AFTER = dt.timedelta(minutes=15)
INCIDENT_RECORDED = ("This has been recorded as an incident and the coordinator has been "
                     "alerted. The child stays signed in.")
REASON_OF = {NEVER_COLLECT_MESSAGE: IncidentReason.NEVER_COLLECT,
             NOT_AUTHORISED_MESSAGE: IncidentReason.NOT_AUTHORISED,
             WRONG_PASSWORD_MESSAGE: IncidentReason.WRONG_PASSWORD}


def _staff_members(creche_session: CrecheSession, *, excluding: int | None = None,
                   ) -> list[StaffMember]:
    return [staff_member(d) for d in staff_on_duty(creche_session=creche_session)
            if d.user_id != excluding]


def _children_dobs(creche_session: CrecheSession) -> list[dt.date]:
    return [a.booking.child.date_of_birth
            for a in present_attendances(creche_session=creche_session)]


def _checked_time(creche: CrecheSession, at: dt.datetime | None, reason: str,
                  field: str) -> dt.datetime:
    """Now, or a time after the fact on the crèche's day that comes with a reason."""
    now = timezone.now()
    at = at or now
    if timezone.is_naive(at):
        raise ValidationError({field: "Give the time with a time zone."})
    if not 2000 <= at.year <= 2100:
        raise ValidationError({field: "Give a time between the years 2000 and 2100."})
    if at > now + dt.timedelta(minutes=1):
        raise ValidationError({field: "That time has not happened yet. Check the time."})
    if timezone.localdate(at) != timezone.localdate(creche.starts_at):
        raise ValidationError({field: "This crèche is not running on that day. Open that "
                                      "day's crèche to record the child."})
    if now - at > LATE_RECORD_AFTER and not reason.strip():
        raise ValidationError({"reason": "Say why this is being recorded after the fact."})
    return at


def _check_ratio_with(creche: CrecheSession, child: Child) -> None:
    dobs = [*_children_dobs(creche), child.date_of_birth]
    status = ratio_status(children=dobs, staff=_staff_members(creche),
                          on=timezone.localdate(creche.starts_at), min_staff=creche.min_staff)
    if not status.first_aider_present:
        raise ValidationError({"booking_id": "No paediatric first aider is on duty. Sign a "
                                             "first aider on before signing children in."})
    if status.staff < status.required:
        raise ValidationError({"booking_id": (
            f"Signing this child in needs {status.required} staff on duty; "
            f"{status.staff} are signed on. Sign more staff on first.")})


@transaction.atomic
def child_sign_in(*, booking: CrecheBooking, by: User, at: dt.datetime | None = None,
                  reason: str = "") -> Attendance:
    """Record arrival, refusing when the staff on duty could not safely take one more child.

    A sign-in recorded after the fact needs `reason`. On the crèche's own day the ratio is
    checked against who is here now (the child counts as present); a past day's record is a
    record of what happened and is not refused for the ratio.
    """
    creche = lock_session(booking.creche_session_id)
    refuse_if_cancelled(creche, "booking_id")
    at = _checked_time(creche, at, reason, "at")
    if Attendance.objects.filter(booking=booking, signed_out_at__isnull=True).exists():
        raise ValidationError({"booking_id": "This child is already signed in."})
    if timezone.localdate() == timezone.localdate(creche.starts_at):
        _check_ratio_with(creche, booking.child)
    attendance = Attendance.objects.create(booking=booking, signed_in_at=at, signed_in_by=by,
                                           sign_in_reason=reason.strip())
    log.info("creche child signed in booking=%s by=%s late=%s", booking.pk, by.pk,
             bool(reason.strip()))
    return attendance


def _collectors(child: Child) -> list[Collector]:
    return [Collector(key=c.pk, name=c.name, password=c.password)
            for c in child.authorised_collectors.filter(is_active=True)]


def child_sign_out(*, booking: CrecheBooking, collected_by: str, by: User, password: str = "",
                   at: dt.datetime | None = None, reason: str = "") -> Attendance:
    """Release the child only to an authorised adult who is not on the never-collect list.

    A refusal is recorded as an incident (committed, so the coordinator is alerted) and then
    raised as a ValidationError on `collected_by`; the child stays signed in.
    """
    outcome = _sign_out_or_refusal(booking=booking, collected_by=collected_by, by=by,
                                   password=password, at=at, reason=reason)
    if isinstance(outcome, Attendance):
        return outcome
    incident_record(booking=booking, attempted_by=collected_by, reason=REASON_OF.get(
        outcome, IncidentReason.NOT_AUTHORISED), by=by)
    raise ValidationError({"collected_by": [outcome, INCIDENT_RECORDED]})


@transaction.atomic
def _sign_out_or_refusal(*, booking: CrecheBooking, collected_by: str, by: User, password: str,
                         at: dt.datetime | None, reason: str) -> Attendance | str:
    attendance = (Attendance.objects.select_for_update()
                  .filter(booking=booking, signed_out_at__isnull=True).first())
    if attendance is None:
        raise ValidationError({"booking_id": "This child is not signed in."})
    at = _checked_time(booking.creche_session, at, reason, "at")
    if at < attendance.signed_in_at:
        raise ValidationError({"at": "The child cannot leave before they arrived."})
    refusal, match = collection_refusal(
        collected_by=collected_by, password=password, authorised=_collectors(booking.child),
        never_collect=never_collect_names(child=booking.child))
    if refusal is not None or match is None:
        log.warning("creche sign-out refused booking=%s by=%s", booking.pk, by.pk)
        return refusal or NOT_AUTHORISED_MESSAGE
    attendance.signed_out_at, attendance.collected_by = at, match.name
    attendance.signed_out_by, attendance.sign_out_reason = by, reason.strip()
    attendance.save(update_fields=["signed_out_at", "collected_by", "signed_out_by",
                                   "sign_out_reason"])
    log.info("creche child signed out booking=%s collector=%s by=%s", booking.pk, match.key,
             by.pk)
    return attendance


@transaction.atomic
def staff_sign_on(*, creche_session: CrecheSession, user: User,
                  at: dt.datetime | None = None) -> StaffOnDuty:
    creche = lock_session(creche_session.pk)
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
    creche = lock_session(creche_session.pk)
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
