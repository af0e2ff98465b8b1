"""The SMS outbox: each message sent at most once (sending itself: services.sending).

Claim-before-send: a conditional UPDATE ... WHERE status='pending' with its row count decides
who sends; the attempt is recorded before the transport is called. django-q2 delivers tasks
at least once, and the Twilio Messages API has no idempotency key, so a message left in
'sending' longer than the task timeout goes to 'review' rather than being resent blindly; this
module settles those (asking the provider first, then a person).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.enums import MessageStatus
from notifications.models import Message
from notifications.transports import Transport, TransportError, get_transport
from scheduler.models import User

logger = logging.getLogger(__name__)

RETRY_BACKOFF = dt.timedelta(minutes=5)
MAX_ATTEMPTS = 3
PENDING = MessageStatus.PENDING


def messages_flag_stale(*, now: dt.datetime) -> int:
    """'sending' for longer than a task may run: the worker died mid-send. Maybe sent."""
    timeout = cast(int, settings.Q_CLUSTER["timeout"])
    limit = now - dt.timedelta(seconds=timeout)
    return Message.objects.filter(status=MessageStatus.SENDING, claimed_at__lt=limit).update(
        status=MessageStatus.REVIEW, status_changed_at=now)


RECONCILE_BATCH = 50
RECONCILE_SLACK = dt.timedelta(minutes=2)  # clocks differ; Twilio stamps on arrival


def messages_reconcile_review(*, now: dt.datetime) -> int:
    """Ask the provider about each message held for review that no one has asked about yet:
    found with the same body since the claim, it was sent (no person needed); not found, a
    person decides (the note says so). Returns how many were resolved as sent."""
    held = list(Message.objects.filter(status=MessageStatus.REVIEW, reconciled_at__isnull=True)
                .select_related("participant__safe_contact").order_by("pk")[:RECONCILE_BATCH])
    transport = get_transport()
    return sum(_reconcile(message, transport, now) for message in held)


def _reconcile(message: Message, transport: Transport, now: dt.datetime) -> bool:
    contact = getattr(message.participant, "safe_contact", None)
    since = (message.claimed_at or message.created_at) - RECONCILE_SLACK
    try:
        found = transport.find_sent(to=contact.phone, body=message.body,
                                    since=since) if contact and contact.phone else None
    except TransportError as exc:
        logger.warning("message %s: could not ask the provider (code %s)", message.pk, exc.code)
        Message.objects.filter(pk=message.pk).update(review_note="Could not ask Twilio yet")
        return False
    if found is None:
        Message.objects.filter(pk=message.pk, status=MessageStatus.REVIEW).update(
            reconciled_at=now, review_note="Twilio has no record of it: a person decides")
        return False
    resolved = _move(message.pk, MessageStatus.REVIEW, MessageStatus.SENT,
                     provider_sid=found.sid, sent_at=message.claimed_at or now,
                     reconciled_at=now, review_note="Twilio had sent it")
    logger.info("message %s reconciled from the provider: sent", message.pk)
    return resolved


def _move(message_id: int, from_status: str, to_status: str, **fields: object) -> bool:
    return Message.objects.filter(pk=message_id, status=from_status).update(
        status=to_status, status_changed_at=timezone.now(), **fields) == 1


@transaction.atomic
def message_review_resolve(*, message_id: int, was_sent: bool, by: User) -> Message:
    """A person checked the provider's console: the text went (sent) or did not (send again,
    after the usual safety checks)."""
    message = Message.objects.select_for_update().get(pk=message_id)
    if message.status != MessageStatus.REVIEW:
        raise ValidationError({"status": "Only a message held for review can be resolved."})
    now = timezone.now()
    if was_sent:
        message.status, message.sent_at = MessageStatus.SENT, message.claimed_at or now
    else:
        message.status, message.scheduled_for, message.enqueued_at = PENDING, now, None
    message.status_changed_at = now
    message.save()
    logger.info("message %s review resolved by user %s", message.pk, by.pk)
    return message


def status_callback_url(message_id: int) -> str:
    path = reverse("notifications:twilio-status", args=[message_id])
    return f"{settings.PUBLIC_BASE_URL}{path}"
