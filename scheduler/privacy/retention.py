"""Who has had no activity since a cutoff: the retention policy's candidates for anonymising."""

from __future__ import annotations

import datetime as dt

from attendance.models import Mark, WalkIn
from creche.models import Attendance
from notifications.models import InboundMessage, Message
from programmes.models import Enrolment, Participant, Referral
from scheduler.models import ErasureRecord
from scheduler.privacy.erasure import OPEN_STATUSES


def active_since(cutoff: dt.datetime) -> set[int]:
    """Participants with a referral, enrolment, mark, walk-in, crèche visit or text since
    `cutoff` (one query each, whatever the number of participants)."""
    queries = [
        Referral.objects.filter(referred_on__gte=cutoff.date()).values_list("participant_id"),
        Enrolment.objects.filter(joined_at__gte=cutoff).values_list("participant_id"),
        Enrolment.objects.filter(left_at__gte=cutoff).values_list("participant_id"),
        Enrolment.objects.filter(status__in=OPEN_STATUSES).values_list("participant_id"),
        Mark.objects.filter(session__starts_at__gte=cutoff).values_list("enrolment__participant_id"),
        WalkIn.objects.filter(recorded_at__gte=cutoff).values_list("participant_id"),
        Attendance.objects.filter(signed_in_at__gte=cutoff).values_list("booking__child__parent_id"),
        Message.objects.filter(created_at__gte=cutoff).values_list("participant_id"),
        InboundMessage.objects.filter(received_at__gte=cutoff)
        .values_list("contact__participant_id"),
    ]
    return {pk for query in queries for (pk,) in query.distinct() if pk is not None}


def inactive_participants(cutoff: dt.datetime) -> list[int]:
    """Ids not yet erased, created before `cutoff` and with no activity since."""
    erased = ErasureRecord.objects.values_list("participant_id", flat=True)
    candidates = (Participant.objects.filter(created_at__lt=cutoff).exclude(pk__in=erased)
                  .values_list("pk", flat=True))
    active = active_since(cutoff)
    return [pk for pk in candidates if pk not in active]
