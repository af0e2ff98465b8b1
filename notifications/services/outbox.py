"""The SMS outbox: queue reminders, then claim and send each message at most once.

Claim-before-send: a conditional UPDATE ... WHERE status='pending' with its row count decides
who sends; the attempt is recorded before the transport is called. django-q2 delivers tasks
at least once, and the Twilio Messages API has no idempotency key, so a message left in
'sending' longer than the task timeout goes to 'review' rather than being resent blindly.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django_q.tasks import async_task

from notifications.enums import MessageKind, MessageStatus, SkipReason
from notifications.models import Message, SafeContact
from notifications.safety import may_text, reminder_send_time
from notifications.selectors import contact_facts, template_body
from notifications.services.contacts import contacts_opt_out
from notifications.texts import render
from notifications.transports import OPTED_OUT_ERROR, TransportError, get_transport
from programmes.enums import EnrolmentStatus
from programmes.models import Enrolment
from scheduler.enums import SessionStatus
from scheduler.models import Session, User

logger = logging.getLogger(__name__)

REMINDER_LEAD = dt.timedelta(hours=24)  # a reminder is due a day before the session
QUEUE_HORIZON = dt.timedelta(hours=48)  # sessions this close get their reminders queued
REENQUEUE_AFTER = dt.timedelta(minutes=10)  # a pending message enqueued longer ago is re-enqueued
RETRY_BACKOFF = dt.timedelta(minutes=5)
MAX_ATTEMPTS = 3
ACTIVE_ENROLMENT = (EnrolmentStatus.ENROLLED, EnrolmentStatus.STARTED)
PENDING = MessageStatus.PENDING


def reminder_key(session_id: int, participant_id: int) -> str:
    return f"reminder:{session_id}:{participant_id}"


@transaction.atomic
def reminders_queue_for_session(*, session_id: int) -> int:
    """One reminder per enrolled participant who opted in and is safe to text. Idempotent;
    returns how many pending reminders were created."""
    session = Session.objects.get(pk=session_id)
    now = timezone.now()
    if session.status == SessionStatus.CANCELLED or session.starts_at <= now:
        return 0
    due = max(now, session.starts_at - REMINDER_LEAD)
    body = render(template_body(kind=MessageKind.REMINDER), session.starts_at)
    enrolments = (Enrolment.objects.filter(run_id=session.run_id, status__in=ACTIVE_ENROLMENT)
                  .select_related("participant__safe_contact")
                  .prefetch_related("participant__safe_contact__windows"))
    existing = set(Message.objects.filter(session=session, kind=MessageKind.REMINDER)
                   .values_list("idempotency_key", flat=True))
    new = [m for e in enrolments
           if (m := _reminder(session, e, due, body)) and m.idempotency_key not in existing]
    Message.objects.bulk_create(new, ignore_conflicts=True)
    return sum(1 for m in new if m.status == PENDING)


def _reminder(session: Session, enrolment: Enrolment, due: dt.datetime,
              body: str) -> Message | None:
    facts = contact_facts(getattr(enrolment.participant, "safe_contact", None))
    if facts is None or not may_text(replace(facts, windows=()), due).allowed:
        return None  # not opted in or not safe: no message at all, nothing to show
    when = reminder_send_time(facts.windows, due, session.starts_at)
    return Message(
        participant=enrolment.participant, kind=MessageKind.REMINDER, session=session,
        body=body, scheduled_for=when or due,
        status=PENDING if when else MessageStatus.SKIPPED,
        skip_reason="" if when else SkipReason.NO_WINDOW_BEFORE_SESSION,
        idempotency_key=reminder_key(session.pk, enrolment.participant_id),
    )


def send_due_reminders() -> int:
    """Queue reminders for sessions in the next 48 h and enqueue a send task per due message.
    Returns the number of messages enqueued."""
    now = timezone.now()
    messages_flag_stale(now=now)
    sessions = Session.objects.filter(status=SessionStatus.SCHEDULED, starts_at__gt=now,
                                      starts_at__lte=now + QUEUE_HORIZON)
    for session_id in sessions.values_list("pk", flat=True):
        reminders_queue_for_session(session_id=session_id)
    return messages_enqueue_due(now=now)


@transaction.atomic
def messages_enqueue_due(*, now: dt.datetime) -> int:
    # The ORM broker stores the task in this transaction: no task without its message.
    due = (Message.objects.select_for_update(skip_locked=True)
           .filter(status=PENDING, scheduled_for__lte=now)
           .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - REENQUEUE_AFTER)))
    ids = list(due.values_list("pk", flat=True))
    Message.objects.filter(pk__in=ids).update(enqueued_at=now)
    for message_id in ids:
        async_task("notifications.tasks.message_send", message_id)
    return len(ids)


def messages_flag_stale(*, now: dt.datetime) -> int:
    """'sending' for longer than a task may run: the worker died mid-send. Maybe sent."""
    timeout = cast(int, settings.Q_CLUSTER["timeout"])
    limit = now - dt.timedelta(seconds=timeout)
    return Message.objects.filter(status=MessageStatus.SENDING, claimed_at__lt=limit).update(
        status=MessageStatus.REVIEW, status_changed_at=now)


def message_send(*, message_id: int) -> str:
    """Send one message if it is still pending, due and safe. Returns its status after."""
    message = Message.objects.select_related("session").get(pk=message_id)
    now = timezone.now()
    if message.status != PENDING or message.scheduled_for > now:
        return message.status
    contact = (SafeContact.objects.prefetch_related("windows")
               .filter(participant_id=message.participant_id).first())
    refusal = _refusal(message, contact, now)
    if refusal:
        return _skip_or_defer(message, contact, refusal, now)
    if not _claim(message.pk, now):
        return Message.objects.values_list("status", flat=True).get(pk=message.pk)
    assert contact is not None  # _refusal() said NO_CONTACT otherwise
    return _deliver(message, contact.phone)


def _refusal(message: Message, contact: SafeContact | None, now: dt.datetime) -> str:
    session = message.session
    if session is not None and message.kind == MessageKind.REMINDER:
        if session.is_cancelled:
            return SkipReason.SESSION_CANCELLED
        if session.starts_at <= now:
            return SkipReason.SESSION_STARTED
    return may_text(contact_facts(contact), now).reason


def _skip_or_defer(message: Message, contact: SafeContact | None, reason: str,
                   now: dt.datetime) -> str:
    """Outside a safe window: move to the window's start if still useful, else skip."""
    facts = contact_facts(contact)
    if reason == SkipReason.OUTSIDE_WINDOW and facts is not None:
        deadline = message.session.starts_at if message.session else now + QUEUE_HORIZON
        when = reminder_send_time(facts.windows, now, deadline)
        if when is not None:
            Message.objects.filter(pk=message.pk, status=PENDING).update(
                scheduled_for=when, enqueued_at=None)
            return PENDING
        reason = SkipReason.NO_WINDOW_BEFORE_SESSION
    _move(message.pk, PENDING, MessageStatus.SKIPPED, skip_reason=reason)
    logger.info("message %s skipped: %s", message.pk, reason)
    return MessageStatus.SKIPPED


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
