"""Refused collections. Recorded in their own transaction (the refusal that follows must not
roll it back) and shown to coordinators until one acknowledges it."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from creche.models import CollectionIncident, CrecheBooking, StaffOnDuty
from scheduler.models import User
from scheduler.platform.permissions import PLANNERS

log = logging.getLogger(__name__)


@transaction.atomic
def incident_record(*, booking: CrecheBooking, attempted_by: str, reason: str,
                    by: User) -> CollectionIncident:
    incident = CollectionIncident.objects.create(
        creche_session_id=booking.creche_session_id, booking=booking,
        child_id=booking.child_id, attempted_by=attempted_by.strip()[:120], reason=reason,
        happened_at=timezone.now(), recorded_by=by)
    on_duty = StaffOnDuty.objects.filter(creche_session_id=booking.creche_session_id,
                                         signed_off_at__isnull=True).values_list("user_id",
                                                                                 flat=True)
    incident.staff_on_duty.set(list(on_duty))
    log.warning("creche collection incident id=%s booking=%s reason=%s", incident.pk,
                booking.pk, reason)
    return incident


@transaction.atomic
def incident_acknowledge(*, incident: CollectionIncident, by: User) -> CollectionIncident:
    if not by.has_role(*PLANNERS):
        raise ValidationError({"incident_id": "Only a coordinator can acknowledge an incident."})
    locked = CollectionIncident.objects.select_for_update().get(pk=incident.pk)
    if locked.acknowledged_at is None:
        locked.acknowledged_at, locked.acknowledged_by = timezone.now(), by
        locked.save(update_fields=["acknowledged_at", "acknowledged_by"])
        log.info("creche incident acknowledged id=%s by=%s", locked.pk, by.pk)
    return locked
