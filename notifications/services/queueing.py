"""Putting texts in the outbox: reminders before sessions, notices when a session changes.

Only enrolled participants who opted in and are safe to text get a message. A reminder goes at
the latest safe moment on the day its programme type's policy names (notifications.timing); a
notice at the earliest safe moment before the session. A message with no safe moment is kept
as 'suppressed' with the reason, so coordinators can see why. Each message has an idempotency key,
so running any of this twice creates nothing new.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_q.tasks import async_task

from notifications.enums import MessageKind, MessageStatus, SkipReason
from notifications.models import Message, SweepCursor
from notifications.safety import Window, may_text
from notifications.selectors import contact_facts, policy_for, sendable_body
from notifications.services.outbox import messages_flag_stale, messages_reconcile_review
from notifications.services.sending import SEND_BATCH
from notifications.texts import render
from notifications.timing import (
    MINUTE,
    Slot,
    latest_safe_moment,
    notice_send_time,
    policy_slots,
)
from programmes.enums import EnrolmentStatus
from programmes.models import Enrolment
from scheduler.calendar.enums import SessionKind, SessionStatus
from scheduler.models import ChangeKind, Session, SessionChange

QUEUE_HORIZON = dt.timedelta(hours=48)  # sessions this close get their reminders queued
REENQUEUE_AFTER = dt.timedelta(minutes=10)  # pending and enqueued longer ago: enqueue again
ACTIVE_ENROLMENT = (EnrolmentStatus.ENROLLED, EnrolmentStatus.STARTED)
NOTICE_KINDS = (MessageKind.CANCELLATION, MessageKind.MOVE)
CHANGE_NOTICES: dict[str, str] = {ChangeKind.MOVED: MessageKind.MOVE,
                                  ChangeKind.CANCELLED: MessageKind.CANCELLATION}
SWEEP_OVERLAP = dt.timedelta(minutes=10)
PENDING = MessageStatus.PENDING
# A contact's windows → when to send (None: no safe moment) and the latest it may still go.
When = Callable[[tuple[Window, ...]], tuple[dt.datetime | None, dt.datetime]]


@transaction.atomic
def reminders_queue_for_session(*, session_id: int, now: dt.datetime | None = None) -> int:
    """The reminders the programme type's policy asks for, each at the latest safe moment on
    the day the policy names, for every enrolled participant who opted in and is safe to
    text. A reminder with no safe moment left is kept as 'suppressed' with the reason.
    Idempotent; returns how many pending reminders were created.

    A catch-up's reminders go only to the people invited to it (CatchUpInvite): a text to
    the whole run would tell others of a session they are not expected at."""
    session = Session.objects.select_related("run__programme__reminder_policy").get(pk=session_id)
    now = now or timezone.now()
    if session.status == SessionStatus.CANCELLED or session.starts_at <= now:
        return 0
    created = 0
    for slot in policy_slots(policy_for(session), session.starts_at):
        key = "reminder:{}:{}" + ("" if slot.name == "day_before" else f":{slot.name}")
        created += _queue(session, MessageKind.REMINDER, now=now, key=key,
                          when=_latest_in(slot, now))
    return created


def _latest_in(slot: Slot, now: dt.datetime) -> When:
    def when(windows: tuple[Window, ...]) -> tuple[dt.datetime | None, dt.datetime]:
        return latest_safe_moment(windows, slot, now), slot.closes
    return when


@transaction.atomic
def session_notices_queue(*, session_id: int, kind: str,
                          changed_at: dt.datetime | None = None) -> int:
    """Tell participants a session was cancelled or moved (call after saving the change, in
    the same transaction: the send tasks commit or roll back with it). Idempotent per change
    (`changed_at`, default now). Returns messages created."""
    if kind not in NOTICE_KINDS:
        raise ValidationError({"kind": "A notice is a cancellation or a move."})
    session = Session.objects.get(pk=session_id)
    now = timezone.now()
    if session.starts_at <= now or (kind == MessageKind.MOVE and session.is_cancelled):
        return 0
    _withdraw_unsent(session, kind, before=changed_at or now)
    until = session.starts_at - MINUTE
    created = _queue(session, kind, now=now, key=f"{kind}:{{}}:{{}}:{session.sequence}",
                     when=lambda windows: (notice_send_time(windows, now, session.starts_at),
                                           until))
    messages_enqueue_due(now=now)
    return created


def _withdraw_unsent(session: Session, kind: str, *, before: dt.datetime) -> None:
    """Unsent texts written before the change carry the old time: cancelled with the session,
    or (for a move) deleted so the next sweep writes the reminder again at the new time."""
    stale = Message.objects.filter(session=session, status=PENDING, created_at__lte=before)
    if kind == MessageKind.CANCELLATION:
        stale.filter(kind__in=[MessageKind.REMINDER, MessageKind.MOVE]).update(
            status=MessageStatus.CANCELLED, status_changed_at=timezone.now())
    else:
        stale.filter(kind=MessageKind.REMINDER).delete()


@transaction.atomic
def session_changes_notify() -> int:
    """Turn the scheduler's recorded moves and cancellations into notices. Re-reads a short
    overlap behind its cursor (a change committed late is not missed); idempotent."""
    cursor, _ = SweepCursor.objects.select_for_update().get_or_create(name="session_changes")
    changes = SessionChange.objects.filter(kind__in=CHANGE_NOTICES).order_by("at", "pk")
    if cursor.last_at is not None:
        changes = changes.filter(at__gte=cursor.last_at - SWEEP_OVERLAP)
    created = 0
    for change in changes.only("session_id", "kind", "at"):
        created += session_notices_queue(session_id=change.session_id,
                                         kind=CHANGE_NOTICES[change.kind], changed_at=change.at)
        cursor.last_at = change.at
    cursor.save()
    return created


def _queue(session: Session, kind: str, *, now: dt.datetime, key: str, when: When) -> int:
    """`key` has two {} for the session and participant ids; `when` gives a contact's send
    moment (None: no safe moment) and the latest moment it may still go."""
    body = render(sendable_body(kind=kind), session.starts_at)
    enrolments = Enrolment.objects.filter(run_id=session.run_id, status__in=ACTIVE_ENROLMENT)
    if session.kind == SessionKind.CATCH_UP:
        enrolments = enrolments.filter(participant__catch_up_invites__session=session)
    enrolments = (enrolments.select_related("participant__safe_contact")
                  .prefetch_related("participant__safe_contact__windows"))
    existing = set(Message.objects.filter(session=session, kind=kind)
                   .values_list("idempotency_key", flat=True))
    new = [m for e in enrolments
           if (m := _message(session, e, kind, now, body, key.format(session.pk, e.participant_id),
                             when))
           and m.idempotency_key not in existing]
    Message.objects.bulk_create(new, ignore_conflicts=True)
    return sum(1 for m in new if m.status == PENDING)


def _message(session: Session, enrolment: Enrolment, kind: str, now: dt.datetime, body: str,
             key: str, when: When) -> Message | None:
    facts = contact_facts(getattr(enrolment.participant, "safe_contact", None), now)
    if facts is None or not may_text(replace(facts, windows=()), now).allowed:
        return None  # not opted in or not safe: no message at all, nothing to show
    moment, send_by = when(facts.windows)
    return Message(
        participant=enrolment.participant, kind=kind, session=session, body=body,
        scheduled_for=moment or send_by, send_by=send_by,
        status=PENDING if moment else MessageStatus.SUPPRESSED,
        skip_reason="" if moment else SkipReason.NO_SAFE_MOMENT, idempotency_key=key)


def send_due_reminders() -> int:
    """Queue reminders for sessions in the next 48 h and enqueue send tasks for the due messages.
    Returns the number of messages enqueued."""
    now = timezone.now()
    messages_flag_stale(now=now)
    session_changes_notify()
    sessions = Session.objects.filter(status=SessionStatus.SCHEDULED, starts_at__gt=now,
                                      starts_at__lte=now + QUEUE_HORIZON)
    for session_id in sessions.values_list("pk", flat=True):
        # The same `now` throughout: a reminder already due goes out in this pass.
        reminders_queue_for_session(session_id=session_id, now=now)
    return messages_enqueue_due(now=now)


@transaction.atomic
def messages_enqueue_due(*, now: dt.datetime) -> int:
    # The ORM broker stores the task in this transaction: no task without its message.
    due = (Message.objects.select_for_update(skip_locked=True)
           .filter(status=PENDING, scheduled_for__lte=now)
           .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - REENQUEUE_AFTER)))
    ids = list(due.order_by("scheduled_for", "pk").values_list("pk", flat=True))
    Message.objects.filter(pk__in=ids).update(enqueued_at=now)
    for start in range(0, len(ids), SEND_BATCH):  # one task a batch (services.sending)
        async_task("notifications.tasks.messages_send", ids[start:start + SEND_BATCH])
    return len(ids)


def outbox_tick() -> int:
    """The short, cheap sweep (every minute): a message left in 'sending' by a dead worker goes
    to review, review items are checked with the provider, due messages are enqueued. Returns
    the number enqueued."""
    now = timezone.now()
    messages_flag_stale(now=now)
    messages_reconcile_review(now=now)
    return messages_enqueue_due(now=now)
