"""The outbox sends in batches (one task, many messages) with every per-message guarantee: the
real twilio client against the local fake, the real database."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.enums import MessageStatus, SkipReason
from notifications.models import Message
from notifications.services import (
    contact_consent_withdraw,
    contact_suspend,
    messages_enqueue_due,
    messages_send,
    sending,
)
from notifications.transports import get_transport
from tests.factories import LONDON, SessionFactory, UserFactory
from tests.notifications.factories import MessageFactory, SafeContactFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 10, 6, 18, 0, tzinfo=LONDON)  # a Tuesday evening
START = dt.datetime(2026, 10, 7, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _tuesday_evening():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def number(i: int) -> str:
    return f"+4474001234{i:02d}"  # phonenumbers' example GB mobile block


def due_messages(count: int) -> list[Message]:
    """`count` due reminders for one session, each to its own participant and number."""
    session = SessionFactory.create(starts_at=START, ends_at=START + dt.timedelta(hours=2))
    return [MessageFactory.create(participant=SafeContactFactory.create(phone=number(i))
                                  .participant, session=session,
                                  scheduled_for=NOW - dt.timedelta(minutes=1))
            for i in range(count)]


def posted_to(fake) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.form["To"] for r in fake.requests if r.method == "POST"]


def statuses(messages: list[Message]) -> list[str]:
    found = dict(Message.objects.filter(pk__in=[m.pk for m in messages])
                 .values_list("pk", "status"))
    return [found[m.pk] for m in messages]


def test_a_batch_sends_each_message_once_and_records_each_sid(fake_twilio):
    batch = due_messages(4)

    result = messages_send(message_ids=[m.pk for m in batch])

    assert result == {m.pk: MessageStatus.SENT for m in batch}
    assert sorted(posted_to(fake_twilio)) == [number(i) for i in range(4)]
    sids = Message.objects.filter(pk__in=result).values_list("provider_sid", flat=True)
    assert len({sid for sid in sids if sid.startswith("SM")}) == 4
    assert set(Message.objects.values_list("attempts", flat=True)) == {1}


def test_consent_withdrawn_after_queueing_stops_that_message_and_sends_the_others(
        fake_twilio):
    batch = due_messages(3)
    withdrawn = batch[1]
    contact_consent_withdraw(participant=withdrawn.participant, by=UserFactory.create())
    # The withdrawal raced the queueing: the message is still pending when its batch runs.
    Message.objects.filter(pk=withdrawn.pk).update(status=MessageStatus.PENDING)

    result = messages_send(message_ids=[m.pk for m in batch])

    withdrawn.refresh_from_db()
    assert (result[withdrawn.pk], withdrawn.skip_reason, withdrawn.attempts) == (
        MessageStatus.SKIPPED, SkipReason.NO_CONSENT, 0)
    assert sorted(posted_to(fake_twilio)) == [number(0), number(2)]
    assert statuses(batch) == [MessageStatus.SENT, MessageStatus.SKIPPED, MessageStatus.SENT]


def test_a_message_another_worker_claimed_is_not_sent_again(fake_twilio):
    batch = due_messages(3)
    Message.objects.filter(pk=batch[0].pk).update(status=MessageStatus.SENDING, attempts=1,
                                                  claimed_at=NOW)

    result = messages_send(message_ids=[m.pk for m in batch])

    assert result[batch[0].pk] == MessageStatus.SENDING
    assert sorted(posted_to(fake_twilio)) == [number(1), number(2)]
    assert Message.objects.get(pk=batch[0].pk).attempts == 1


def test_a_batch_run_twice_sends_nothing_the_second_time(fake_twilio):
    batch = due_messages(3)
    ids = [m.pk for m in batch]

    messages_send(message_ids=ids)
    again = messages_send(message_ids=ids)  # django-q delivered the task twice

    assert again == dict.fromkeys(ids, MessageStatus.SENT)
    assert len(posted_to(fake_twilio)) == 3


def test_a_transport_failure_leaves_that_message_for_retry_and_sends_the_rest(fake_twilio):
    batch = due_messages(3)
    fake_twilio.reply_error(429, 20429, "Too Many Requests")  # the first POST of the batch

    result = messages_send(message_ids=[m.pk for m in batch])

    failed = Message.objects.get(pk=batch[0].pk)
    assert (result[failed.pk], failed.attempts, failed.error_code, failed.enqueued_at) == (
        MessageStatus.PENDING, 1, 20429, None)
    assert failed.scheduled_for == NOW + sending.RETRY_BACKOFF
    assert statuses(batch[1:]) == [MessageStatus.SENT, MessageStatus.SENT]
    assert len(posted_to(fake_twilio)) == 3


def test_an_unsubscribed_number_21610_opts_its_contact_out_and_the_batch_goes_on(
        fake_twilio):
    batch = due_messages(3)
    fake_twilio.reply_error(400, 21610, "Attempt to send to unsubscribed recipient")

    messages_send(message_ids=[m.pk for m in batch])

    refused = Message.objects.select_related("participant__safe_contact").get(pk=batch[0].pk)
    assert (refused.status, refused.error_code) == (MessageStatus.UNDELIVERABLE, 21610)
    assert refused.participant.safe_contact.opted_out_at is not None
    assert statuses(batch[1:]) == [MessageStatus.SENT, MessageStatus.SENT]


def test_a_server_error_holds_one_message_for_review_and_the_batch_goes_on(fake_twilio):
    batch = due_messages(3)
    fake_twilio.reply_error(500, 20500, "Internal Server Error")

    messages_send(message_ids=[m.pk for m in batch])

    assert statuses(batch) == [MessageStatus.REVIEW, MessageStatus.SENT, MessageStatus.SENT]


def test_an_unexpected_error_on_one_message_is_held_for_review_not_fatal(fake_twilio,
                                                                         monkeypatch):
    batch = due_messages(3)
    real = get_transport()

    class Flaky:
        def send(self, **kwargs):  # type: ignore[no-untyped-def]
            if kwargs["message_id"] == batch[1].pk:
                raise ValueError("a bug in the client")
            return real.send(**kwargs)

    monkeypatch.setattr(sending, "get_transport", Flaky)

    messages_send(message_ids=[m.pk for m in batch])

    assert statuses(batch) == [MessageStatus.SENT, MessageStatus.REVIEW, MessageStatus.SENT]


def test_a_contact_suspended_while_its_batch_sends_is_not_texted(fake_twilio, monkeypatch):
    batch = due_messages(3)
    real = get_transport()
    staff = UserFactory.create()

    class SuspendsAfterTheFirst:
        def send(self, **kwargs):  # type: ignore[no-untyped-def]
            result = real.send(**kwargs)
            if kwargs["message_id"] == batch[0].pk:  # her phone was taken meanwhile
                contact_suspend(participant=batch[2].participant, by=staff, reason="Phone taken")
            return result

    monkeypatch.setattr(sending, "get_transport", SuspendsAfterTheFirst)
    monkeypatch.setattr(sending, "RECHECK_EVERY", 0)  # re-read before every send

    messages_send(message_ids=[m.pk for m in batch])
    later = messages_send(message_ids=[batch[2].pk])  # the next batch says why

    assert posted_to(fake_twilio) == [number(0), number(1)]
    suspended = Message.objects.get(pk=batch[2].pk)
    assert (later[batch[2].pk], suspended.skip_reason, suspended.attempts) == (
        MessageStatus.SKIPPED, SkipReason.SUSPENDED, 0)


def test_messages_the_budget_does_not_reach_go_back_unsent(fake_twilio, monkeypatch):
    batch = due_messages(3)
    monkeypatch.setattr(sending, "send_budget", lambda: 0)

    result = messages_send(message_ids=[m.pk for m in batch])

    assert result == {m.pk: MessageStatus.PENDING for m in batch}
    assert posted_to(fake_twilio) == []
    assert set(Message.objects.values_list("attempts", "enqueued_at")) == {(0, None)}


def test_queries_per_batch_do_not_grow_with_its_size(fake_twilio):
    small, large = due_messages(3), due_messages(15)

    with CaptureQueriesContext(connection) as few:
        messages_send(message_ids=[m.pk for m in small])
    with CaptureQueriesContext(connection) as many:
        messages_send(message_ids=[m.pk for m in large])

    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(posted_to(fake_twilio)) == 18


def test_queries_for_a_batch_that_fails_do_not_grow_with_its_size(fake_twilio):
    small, large = due_messages(3), due_messages(15)
    for _ in range(18):
        fake_twilio.reply_error(429, 20429, "Too Many Requests")

    with CaptureQueriesContext(connection) as few:
        messages_send(message_ids=[m.pk for m in small])
    with CaptureQueriesContext(connection) as many:
        messages_send(message_ids=[m.pk for m in large])

    assert len(many.captured_queries) == len(few.captured_queries)
    assert set(Message.objects.values_list("status", "attempts")) == {(MessageStatus.PENDING, 1)}


def test_due_messages_are_enqueued_one_task_a_batch(fake_twilio, monkeypatch):
    batch = due_messages(5)
    tasks: list[list[int]] = []
    monkeypatch.setattr(sending, "SEND_BATCH", 2)
    monkeypatch.setattr("notifications.services.queueing.SEND_BATCH", 2)
    monkeypatch.setattr("notifications.services.queueing.async_task",
                        lambda func, ids: tasks.append(ids))

    assert messages_enqueue_due(now=NOW) == 5

    assert tasks == [[m.pk for m in batch[:2]], [m.pk for m in batch[2:4]], [batch[4].pk]]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_on_the_same_batch_send_each_message_once(fake_twilio):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")  # as test_claim: SQLite has none
    ids = [m.pk for m in due_messages(12)]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker(order: list[int]) -> None:
        try:
            barrier.wait(timeout=10)
            messages_send(message_ids=order)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(order,))
               for order in (ids, list(reversed(ids)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(posted_to(fake_twilio)) == [number(i) for i in range(12)]
    assert set(Message.objects.values_list("status", "attempts")) == {(MessageStatus.SENT, 1)}
