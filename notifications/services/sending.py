"""Sending the outbox in batches: every message claimed at most once, its safety re-checked.

One django-q task sends a batch of up to SEND_BATCH due messages. In one transaction it locks
the batch's safe contacts (in id order; then the messages, skipping any that another worker
holds), decides each message on the rules it always had (session neither cancelled nor
started, `may_text` on the contact's facts now) and claims the ones it may send with one
conditional UPDATE: the claim is on record before anything is sent. Then, with no transaction
open, it sends them one after another over the process's one twilio client, and records every
outcome. Reads and writes are a constant number of queries per batch, whatever its size.

While the batch sends, its contacts and sessions are read again every RECHECK_EVERY: a
message whose contact was suspended, withdrew consent, opted out or changed number, or whose
session was cancelled, since the claim goes back to 'pending' unsent (the next batch skips
it, with the reason). A batch stops sending after SEND_BUDGET and puts the rest back, long
before the task timeout would leave them in 'sending'. One message's failure is its own: it
is recorded, and the rest of the batch goes on.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, F, Field, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone

from notifications.enums import MessageKind, MessageStatus, SkipReason
from notifications.models import Message, SafeContact
from notifications.safety import ContactFacts, may_text
from notifications.selectors import FACT_FIELDS, contact_facts, contact_windows
from notifications.services.contacts import contacts_opt_out
from notifications.services.outbox import MAX_ATTEMPTS, RETRY_BACKOFF, status_callback_url
from notifications.timing import MINUTE, earliest_safe_moment
from notifications.transports import OPTED_OUT_ERROR, TransportError, get_transport

logger = logging.getLogger(__name__)

SEND_BATCH = 50  # message ids per send task
RECHECK_EVERY = 1.0  # seconds between re-reads of the batch's contacts while it sends
UNSESSIONED_DEADLINE = dt.timedelta(hours=48)  # a text with no session waits this long at most
PENDING, SENDING = MessageStatus.PENDING, MessageStatus.SENDING
# What a send reads of a message and its session (no more is loaded).
MESSAGE_FIELDS = ("participant_id", "kind", "session_id", "body", "status", "scheduled_for",
                  "send_by", "attempts", "session__starts_at", "session__status")


def send_budget() -> float:
    """Seconds a batch may spend sending: a third of the task timeout, so that with one send
    still in flight (TWILIO_TIMEOUT_SECONDS) no claimed message is taken for a dead worker's."""
    return cast(int, settings.Q_CLUSTER["timeout"]) / 3


@dataclass
class _Claimed:
    message: Message
    phone: str  # the contact's number read under its lock at the claim


@dataclass
class _Outcomes:
    sent: list[tuple[int, str, dt.datetime]] = field(default_factory=list)  # id, sid, when
    failed: list[tuple[_Claimed, TransportError]] = field(default_factory=list)
    unexpected: list[int] = field(default_factory=list)  # may have gone: held for review
    released: list[int] = field(default_factory=list)  # never handed to the transport


def message_send(*, message_id: int) -> str:
    """Send one message if it is still pending, due and safe. Returns its status after
    ("missing": withdrawn after its task was enqueued, e.g. the session moved)."""
    return messages_send(message_ids=[message_id])[message_id]


def messages_send(*, message_ids: Sequence[int]) -> dict[int, str]:
    """Send each of these messages that is still pending, due and safe, one after another.
    Returns each id's status after ("missing": no such message)."""
    ids = list(dict.fromkeys(message_ids))
    now = timezone.now()
    statuses: dict[int, str] = dict.fromkeys(ids, "missing")
    participants: dict[int, int] = {}  # pending message → its participant
    for pk, status, participant_id in Message.objects.filter(pk__in=ids).values_list(
            "pk", "status", "participant_id"):
        statuses[pk] = status
        if status == PENDING:
            participants[pk] = participant_id
    claimed = _decide_and_claim(participants, now, statuses)
    outcomes = _Outcomes()
    try:
        _send_all(claimed, outcomes)
    finally:  # even when the task is stopped: what was sent is on record, the rest goes back
        _record(outcomes, statuses)
    undecided = [pk for pk in ids if statuses[pk] == PENDING]
    statuses.update(Message.objects.filter(pk__in=undecided).values_list("pk", "status"))
    return statuses


# --- Decide and claim (one transaction, contacts locked) ----------------------------------

@transaction.atomic
def _decide_and_claim(participants: Mapping[int, int], now: dt.datetime,
                      statuses: dict[int, str]) -> list[_Claimed]:
    """Lock the contacts (of the messages pending when read), then the messages still pending
    and due, decide each, and claim the ones that may go. A suspension or STOP recorded
    meanwhile either comes first (and is seen) or waits for the claim."""
    if not participants:
        return []
    people = set(participants.values())
    facts = _facts(SafeContact.objects.select_for_update(of=("self",)), people, now)
    messages = list(Message.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("session").only(*MESSAGE_FIELDS)
                    .filter(pk__in=participants, status=PENDING, scheduled_for__lte=now,
                            participant_id__in=people).order_by("pk"))
    to_claim: list[_Claimed] = []
    skipped: dict[str, list[int]] = defaultdict(list)
    deferred: dict[int, dt.datetime] = {}
    for message in messages:
        contact = facts.get(message.participant_id)
        refusal = _refusal(message, contact, now)
        if not refusal and contact is not None:
            to_claim.append(_Claimed(message, contact.phone))
        elif (when := _safe_moment(message, contact, refusal, now)) is not None:
            deferred[message.pk] = when
        else:
            skipped[_skip_reason(contact, refusal)].append(message.pk)
    _defer(deferred, statuses)
    _skip(skipped, statuses)
    return _claim(to_claim, now, statuses)


def _facts(contacts: QuerySet[SafeContact], participants: Iterable[int],
           now: dt.datetime) -> dict[int, ContactFacts]:
    """What may_text decides on, per participant, in two queries."""
    rows = list(contacts.only(*FACT_FIELDS).filter(participant_id__in=participants)
                .order_by("pk"))
    windows = contact_windows(c.pk for c in rows)
    return {c.participant_id: cast(ContactFacts, contact_facts(c, now,
                                                               windows=windows.get(c.pk, ())))
            for c in rows}


def _refusal(message: Message, contact: ContactFacts | None, now: dt.datetime) -> str:
    session = message.session
    if session is not None and message.kind == MessageKind.REMINDER:
        if session.is_cancelled:
            return SkipReason.SESSION_CANCELLED
        if session.starts_at <= now:
            return SkipReason.SESSION_STARTED
    return may_text(contact, now).reason


def _safe_moment(message: Message, contact: ContactFacts | None, refusal: str,
                 now: dt.datetime) -> dt.datetime | None:
    """Outside a safe window: the next safe moment before the message's own limit (the end
    of its slot: the same day); None when there is none or the refusal is another."""
    if refusal != SkipReason.OUTSIDE_WINDOW or contact is None:
        return None
    return earliest_safe_moment(contact.windows, now, _send_by(message, now))


def _skip_reason(contact: ContactFacts | None, refusal: str) -> str:
    """A message outside its window with no safe moment left is 'suppressed', not skipped."""
    if refusal == SkipReason.OUTSIDE_WINDOW and contact is not None:
        return SkipReason.NO_SAFE_MOMENT
    return refusal or SkipReason.NO_CONTACT


def _send_by(message: Message, now: dt.datetime) -> dt.datetime:
    if message.send_by is not None:
        return message.send_by
    if message.session is not None:
        return message.session.starts_at - MINUTE
    return now + UNSESSIONED_DEADLINE


def _defer(deferred: Mapping[int, dt.datetime], statuses: dict[int, str]) -> None:
    if not deferred:
        return
    Message.objects.filter(pk__in=deferred, status=PENDING).update(
        scheduled_for=_per_message(deferred, "scheduled_for"), enqueued_at=None)
    for pk in deferred:
        statuses[pk] = PENDING
        logger.info("message %s deferred to its next safe moment", pk)


def _per_message(values: Mapping[int, object], field_name: str) -> RawSQL:
    """Each message its own value in one UPDATE: CASE id WHEN .. THEN .. END. Written out,
    not as bulk_update's When(pk=...) objects, whose building took most of a batch's record
    (22 ms of 30 for 50 messages)."""
    model_field = cast(Field, Message._meta.get_field(field_name))
    sql = "CASE {} {} END".format(connection.ops.quote_name("id"),
                                  " ".join("WHEN %s THEN %s" for _ in values))
    if connection.features.requires_casted_case_in_updates:
        sql = f"CAST({sql} AS {model_field.db_type(connection)})"
    params: list[object] = []
    for pk, value in values.items():
        params += [pk, model_field.get_db_prep_save(value, connection)]
    return RawSQL(sql, params, output_field=model_field)  # noqa: S611 (placeholders only)


def _skip(skipped: Mapping[str, list[int]], statuses: dict[int, str]) -> None:
    for reason, ids in skipped.items():
        status = (MessageStatus.SUPPRESSED if reason == SkipReason.NO_SAFE_MOMENT
                  else MessageStatus.SKIPPED)
        Message.objects.filter(pk__in=ids, status=PENDING).update(
            status=status, skip_reason=reason, status_changed_at=timezone.now())
        for pk in ids:
            statuses[pk] = status
            logger.info("message %s %s: %s", pk, status, reason)


def _claim(to_claim: list[_Claimed], now: dt.datetime,
           statuses: dict[int, str]) -> list[_Claimed]:
    """One conditional UPDATE claims them all. The rows are locked (PostgreSQL), so it takes
    every one; where it cannot (SQLite has no row locks: another worker claimed one between
    the read and the write) the claim is undone and made message by message, the winner of
    each being the one whose UPDATE changed the row."""
    claim = {"status": SENDING, "claimed_at": now, "status_changed_at": now,
             "attempts": F("attempts") + 1}
    ids = [c.message.pk for c in to_claim]
    try:
        with transaction.atomic():
            if Message.objects.filter(pk__in=ids, status=PENDING).update(**claim) != len(ids):
                raise _ClaimLost
        won = set(ids)
    except _ClaimLost:
        won = {pk for pk in ids
               if Message.objects.filter(pk=pk, status=PENDING).update(**claim) == 1}
    for item in to_claim:
        if item.message.pk in won:
            item.message.attempts += 1
            statuses[item.message.pk] = SENDING
    return [item for item in to_claim if item.message.pk in won]


class _ClaimLost(Exception):
    """Another worker claimed one of the batch first (SQLite only)."""


# --- Send (no transaction open) -----------------------------------------------------------

def _send_all(claimed: list[_Claimed], outcomes: _Outcomes) -> None:
    """Send one after another; a message the re-check refuses, or that the budget does not
    reach, goes back unsent. The one in flight if the task is stopped stays in 'sending'."""
    transport = get_transport()
    began = last_check = time.monotonic()
    budget = send_budget()
    waiting = deque(claimed)
    refused: set[str] = set()  # numbers Twilio says are unsubscribed (21610), this batch
    try:
        while waiting and time.monotonic() - began < budget:
            if time.monotonic() - last_check >= RECHECK_EVERY:
                outcomes.released.extend(_recheck(waiting))
                last_check = time.monotonic()
                if not waiting:
                    break
            item = waiting.popleft()
            if item.phone in refused:
                outcomes.released.append(item.message.pk)
                continue
            try:
                result = transport.send(message_id=item.message.pk, to=item.phone,
                                        body=item.message.body,
                                        status_callback=status_callback_url(item.message.pk))
            except TransportError as exc:
                outcomes.failed.append((item, exc))
                if exc.code == OPTED_OUT_ERROR:
                    refused.add(item.phone)
            except Exception as exc:  # one message's surprise stops nothing else; it may
                # have gone, so it is held for review. Its text may quote the number: the
                # type alone is logged.
                logger.error("message %s: %s while sending", item.message.pk,
                             type(exc).__name__)
                outcomes.unexpected.append(item.message.pk)
            else:
                outcomes.sent.append((item.message.pk, result.sid, timezone.now()))
    finally:
        outcomes.released.extend(item.message.pk for item in waiting)
        waiting.clear()


def _recheck(waiting: deque[_Claimed]) -> list[int]:
    """Read the waiting messages' contacts and sessions again (three queries); take out and
    return the ones no longer safe to send now, or whose number changed."""
    now = timezone.now()
    current = {m.pk: m for m in Message.objects.select_related("session")
               .only(*MESSAGE_FIELDS).filter(pk__in=[item.message.pk for item in waiting])}
    contacts = _facts(SafeContact.objects.all(),
                      {item.message.participant_id for item in waiting}, now)
    refused = []
    for item in list(waiting):
        message = current.get(item.message.pk)
        contact = contacts.get(item.message.participant_id)
        if (message is None or contact is None or contact.phone != item.phone
                or _refusal(message, contact, now)):
            waiting.remove(item)
            refused.append(item.message.pk)
    return refused


# --- Record (one transaction) -------------------------------------------------------------

def _record(outcomes: _Outcomes, statuses: dict[int, str]) -> None:
    """Every outcome, then the opt-outs Twilio told of (21610) once the statuses are safe."""
    _record_statuses(outcomes, statuses)
    for phone in dict.fromkeys(item.phone for item, exc in outcomes.failed
                               if exc.code == OPTED_OUT_ERROR):
        contacts_opt_out(phone=phone, source="provider")


@transaction.atomic
def _record_statuses(outcomes: _Outcomes, statuses: dict[int, str]) -> None:
    """In a few UPDATEs: sent (a status callback may have got there first: then only the sid
    and time are recorded), failed by what the failure means, back unsent."""
    now = timezone.now()
    if outcomes.sent:
        sending = Q(status=SENDING)
        Message.objects.filter(pk__in=[pk for pk, _, _ in outcomes.sent]).update(
            status=Case(When(sending, then=Value(MessageStatus.SENT)), default=F("status")),
            status_changed_at=Case(When(sending, then=Value(now)),
                                   default=F("status_changed_at")),
            provider_sid=_per_message({pk: sid for pk, sid, _ in outcomes.sent}, "provider_sid"),
            sent_at=_per_message({pk: at for pk, _, at in outcomes.sent}, "sent_at"))
        for pk, _, _ in outcomes.sent:
            statuses[pk] = MessageStatus.SENT
            logger.info("message %s sent", pk)
    failures: dict[tuple[str, int | None, dt.datetime | None], list[int]] = defaultdict(list)
    for item, exc in outcomes.failed:
        logger.warning("message %s not sent: code %s", item.message.pk, exc.code)
        failures[_after_failure(item, exc, now)].append(item.message.pk)
    for (status, code, retry_at), ids in failures.items():
        retry = {"enqueued_at": None, "scheduled_for": retry_at} if retry_at else {}
        _move(ids, status, statuses, error_code=code, **retry)
    _move(outcomes.unexpected, MessageStatus.REVIEW, statuses)
    # Never handed to the transport: as if never claimed (the attempt was not made).
    _move(outcomes.released, PENDING, statuses, attempts=F("attempts") - 1, enqueued_at=None)


def _after_failure(item: _Claimed, exc: TransportError, now: dt.datetime
                   ) -> tuple[str, int | None, dt.datetime | None]:
    """The status a failure leads to, its code, and when to try again (None: never)."""
    if exc.code == OPTED_OUT_ERROR:
        return MessageStatus.UNDELIVERABLE, exc.code, None
    if exc.ambiguous:  # the text may have gone: never resent blindly
        return MessageStatus.REVIEW, exc.code, None
    attempts = item.message.attempts
    if exc.permanent or attempts >= MAX_ATTEMPTS:
        return MessageStatus.FAILED, exc.code, None
    return PENDING, exc.code, now + RETRY_BACKOFF * attempts


def _move(ids: Iterable[int], to_status: str, statuses: dict[int, str],
          **fields: object) -> None:
    """From 'sending' only: a status callback that moved a message on is never undone."""
    ids = list(ids)
    if not ids:
        return
    Message.objects.filter(pk__in=ids, status=SENDING).update(
        status=to_status, status_changed_at=timezone.now(), **fields)
    statuses.update(dict.fromkeys(ids, to_status))
