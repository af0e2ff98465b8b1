"""The SMS outbox: claim and send each message at most once.

Claim-before-send: a conditional UPDATE ... WHERE status='pending' with its row count decides
who sends; the attempt is recorded before the transport is called. django-q2 delivers tasks
at least once, and the Twilio Messages API has no idempotency key, so a message left in
'sending' longer than the task timeout goes to 'review' rather than being resent blindly.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from notifications.enums import MessageKind, MessageStatus, SkipReason
from notifications.models import Message, SafeContact
from notifications.safety import may_text
from notifications.selectors import contact_facts
from notifications.services.contacts import contacts_opt_out
from notifications.timing import MINUTE, earliest_safe_moment
from notifications.transports import (
    OPTED_OUT_ERROR,
    Transport,
    TransportError,
    get_transport,
)
from scheduler.models import User

logger = logging.getLogger(__name__)

UNSESSIONED_DEADLINE = dt.timedelta(hours=48)  # a text with no session waits this long at most
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


def message_send(*, message_id: int) -> str:
    """Send one message if it is still pending, due and safe. Returns its status after."""
    message = Message.objects.select_related("session").filter(pk=message_id).first()
    if message is None:
        return "missing"  # withdrawn after its task was enqueued (e.g. the session moved)
    now = timezone.now()
    if message.status != PENDING or message.scheduled_for > now:
        return message.status
    # The contact row stays locked from the safety check to the claim, so a suspension or
    # STOP recorded meanwhile either comes first (and is seen) or waits for the claim.
    with transaction.atomic():
        contact = (SafeContact.objects.select_for_update().prefetch_related("windows")
                   .filter(participant_id=message.participant_id).first())
        refusal = _refusal(message, contact, now)
        if refusal or contact is None:
            return _skip_or_defer(message, contact, refusal or SkipReason.NO_CONTACT, now)
        if not _claim(message.pk, now):
            return Message.objects.values_list("status", flat=True).get(pk=message.pk)
    return _deliver(message, contact.phone)  # no transaction held over the network call


def _refusal(message: Message, contact: SafeContact | None, now: dt.datetime) -> str:
    session = message.session
    if session is not None and message.kind == MessageKind.REMINDER:
        if session.is_cancelled:
            return SkipReason.SESSION_CANCELLED
        if session.starts_at <= now:
            return SkipReason.SESSION_STARTED
    return may_text(contact_facts(contact, now), now).reason


def _skip_or_defer(message: Message, contact: SafeContact | None, reason: str,
                   now: dt.datetime) -> str:
    """Outside a safe window: move to the next safe moment before the message's own limit
    (the end of its slot: the same day), else suppress it with the reason."""
    facts = contact_facts(contact)
    if reason == SkipReason.OUTSIDE_WINDOW and facts is not None:
        when = earliest_safe_moment(facts.windows, now, _send_by(message, now))
        if when is not None:
            Message.objects.filter(pk=message.pk, status=PENDING).update(
                scheduled_for=when, enqueued_at=None)
            return PENDING
        _move(message.pk, PENDING, MessageStatus.SUPPRESSED,
              skip_reason=SkipReason.NO_SAFE_MOMENT)
        logger.info("message %s suppressed: no safe moment", message.pk)
        return MessageStatus.SUPPRESSED
    _move(message.pk, PENDING, MessageStatus.SKIPPED, skip_reason=reason)
    logger.info("message %s skipped: %s", message.pk, reason)
    return MessageStatus.SKIPPED


def _send_by(message: Message, now: dt.datetime) -> dt.datetime:
    if message.send_by is not None:
        return message.send_by
    if message.session is not None:
        return message.session.starts_at - MINUTE
    return now + UNSESSIONED_DEADLINE


def _claim(message_id: int, now: dt.datetime) -> bool:
    """Only one worker wins; the attempt is on record before anything is sent."""
    claimed = Message.objects.filter(pk=message_id, status=PENDING).update(
        status=MessageStatus.SENDING, claimed_at=now, status_changed_at=now,
        attempts=F("attempts") + 1)
    return claimed == 1


def _move(message_id: int, from_status: str, to_status: str, **fields: object) -> bool:
    return Message.objects.filter(pk=message_id, status=from_status).update(
        status=to_status, status_changed_at=timezone.now(), **fields) == 1


def _deliver(message: Message, phone: str) -> str:
    try:
        result = get_transport().send(message_id=message.pk, to=phone, body=message.body,
                                      status_callback=status_callback_url(message.pk))
    except TransportError as exc:
        return _record_failure(message, phone, exc)
    now = timezone.now()
    # A status callback may have got here first; then only the sid and time are recorded.
    if not _move(message.pk, MessageStatus.SENDING, MessageStatus.SENT,
                 provider_sid=result.sid, sent_at=now):
        Message.objects.filter(pk=message.pk).update(provider_sid=result.sid, sent_at=now)
    logger.info("message %s sent", message.pk)
    return Message.objects.values_list("status", flat=True).get(pk=message.pk)


def _record_failure(message: Message, phone: str, exc: TransportError) -> str:
    sending = MessageStatus.SENDING
    logger.warning("message %s not sent: code %s", message.pk, exc.code)
    if exc.code == OPTED_OUT_ERROR:
        contacts_opt_out(phone=phone, source="provider")
        _move(message.pk, sending, MessageStatus.UNDELIVERABLE, error_code=exc.code)
        return MessageStatus.UNDELIVERABLE
    if exc.ambiguous:
        _move(message.pk, sending, MessageStatus.REVIEW, error_code=exc.code)
        return MessageStatus.REVIEW
    attempts = Message.objects.values_list("attempts", flat=True).get(pk=message.pk)
    if exc.permanent or attempts >= MAX_ATTEMPTS:
        _move(message.pk, sending, MessageStatus.FAILED, error_code=exc.code)
        return MessageStatus.FAILED
    _move(message.pk, sending, PENDING, error_code=exc.code, enqueued_at=None,
          scheduled_for=timezone.now() + RETRY_BACKOFF * attempts)
    return PENDING


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
