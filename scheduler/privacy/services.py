"""Subject access, erasure and retention: the one module commands, pages, API and task call.

Each function is one transaction (retention: one per participant, so one refusal does not
undo the rest) and logs counts only, never personal data.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from notifications.enums import MessageStatus
from notifications.models import InboundMessage, Message
from programmes.models import Participant
from scheduler.models import AccessRecord, ErasureRecord, User
from scheduler.models.audit import ErasureKind
from scheduler.privacy.erasure import Erased, has_open_enrolment, participant_anonymise
from scheduler.privacy.holdings import Json, participant_holdings, readable
from scheduler.privacy.retention import inactive_participants

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
# Texts in these states will not be sent again: their words can go.
FINISHED = [MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.FAILED,
            MessageStatus.CANCELLED, MessageStatus.UNDELIVERABLE, MessageStatus.SKIPPED,
            MessageStatus.SUPPRESSED]


def participant_by_reference(*, reference: str) -> Participant:
    """The participant with this reference (case and spaces forgiven), or a field error."""
    try:
        return Participant.objects.get(reference=reference.strip().upper())
    except Participant.DoesNotExist:
        raise ValidationError({"reference": "No participant has this reference."}) from None


def is_erased(participant: Participant) -> bool:
    return ErasureRecord.objects.filter(participant_id=participant.pk).exists()


@dataclass(frozen=True)
class Bundle:
    """A subject-access bundle: the data as JSON and the same as a readable HTML page."""

    reference: str
    data: Json
    json: str
    html: str


@transaction.atomic
def subject_access_bundle(*, participant: Participant, now: dt.datetime | None = None) -> Bundle:
    """Everything held about one participant, and nothing about anyone else."""
    data = {"produced_at": (now or timezone.now()).isoformat(), **participant_holdings(participant)}
    text = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    html = render_to_string("privacy/subject_access_bundle.html",
                            {"data": data, "tree": readable(data)})
    log.info("subject access bundle produced for participant %s", participant.pk)
    return Bundle(participant.reference, data, text, html)


@transaction.atomic
def participant_erase(*, participant: Participant, reason: str, by: User | None,
                      kind: str = ErasureKind.REQUEST) -> dict[str, int]:
    """Erase (anonymise) one participant; published and recomputed counts stay the same.
    Refuses without a reason, twice, or while an enrolment is still open."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason for the erasure (no names)."})
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    if is_erased(locked):
        raise ValidationError({"reference": "This participant has already been erased."})
    if has_open_enrolment(locked):
        raise ValidationError({"reference": "Close this participant's open referrals and "
                                            "enrolments first (withdraw or remove them)."})
    erased: Erased = participant_anonymise(locked)
    ErasureRecord.objects.create(participant_id=locked.pk, kind=kind,
                                 by_user_id=by.pk if by else None, reason=reason[:200])
    AccessRecord.objects.create(user_id=by.pk if by else None, action="write",
                                object_type="participant_erasure", object_ids=str(locked.pk))
    log.info("participant %s erased (%s): %s", locked.pk, kind, erased.counts)
    return erased.counts


def _days_ago(now: dt.datetime, days: int) -> dt.datetime:
    return now - dt.timedelta(days=days)


@transaction.atomic
def texts_retention_apply(*, now: dt.datetime) -> dict[str, int]:
    bodies = (Message.objects.filter(status__in=FINISHED, created_at__lt=_days_ago(
        now, settings.MESSAGE_BODY_RETENTION_DAYS)).exclude(body=""))
    replies = InboundMessage.objects.filter(
        received_at__lt=_days_ago(now, settings.INBOUND_RETENTION_DAYS))
    return {"text_bodies_blanked": bodies.update(body=""),
            "texts_received_deleted": replies.delete()[0]}


def retention_apply(*, now: dt.datetime | None = None,
                    progress: Progress | None = None) -> dict[str, int]:
    """Apply the retention policy (settings *_RETENTION_DAYS); the counts of what it did."""
    now = now or timezone.now()
    counts = texts_retention_apply(now=now)
    counts["access_records_purged"] = AccessRecord.objects.purge_before(
        _days_ago(now, settings.ACCESS_LOG_RETENTION_DAYS))
    due = inactive_participants(_days_ago(now, settings.PARTICIPANT_RETENTION_DAYS))
    counts["participants_anonymised"] = counts["participants_skipped"] = 0
    for done, pk in enumerate(due, start=1):
        try:
            participant_erase(participant=Participant.objects.get(pk=pk), by=None,
                              reason="Retention: no activity", kind=ErasureKind.RETENTION)
            counts["participants_anonymised"] += 1
        except ValidationError:
            counts["participants_skipped"] += 1
        if progress:
            progress(done, len(due))
    log.info("retention applied: %s", counts)
    return counts
