"""Outcomes of sends: a dead worker's message goes to review within 2 minutes, and review items
are settled by asking Twilio (the real client against the local fake) before a person is."""

import datetime as dt
import logging
import threading

import pytest
import time_machine

from notifications.enums import MessageStatus
from notifications.services import message_send, outbox_tick
from tests.factories import LONDON, SessionFactory
from tests.notifications.factories import MOBILE, MessageFactory, SafeContactFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 10, 6, 11, 0, tzinfo=LONDON)


def claimed_message(**fields):  # type: ignore[no-untyped-def]
    contact = SafeContactFactory.create()
    start = dt.datetime(2026, 10, 7, 10, 0, tzinfo=LONDON)
    session = SessionFactory.create(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    return MessageFactory.create(participant=contact.participant, session=session,
                                 scheduled_for=NOW, **fields)


def posts(fake):  # type: ignore[no-untyped-def]
    return [r for r in fake.requests if r.method == "POST"]


def test_a_message_left_sending_by_a_dead_worker_is_in_review_within_two_minutes(fake_twilio):
    message = claimed_message(status=MessageStatus.SENDING, claimed_at=NOW, attempts=1)

    with time_machine.travel(NOW + dt.timedelta(seconds=50), tick=False):
        outbox_tick()
        message.refresh_from_db()
        assert message.status == MessageStatus.SENDING  # a live worker may still be sending
    with time_machine.travel(NOW + dt.timedelta(minutes=2), tick=False):
        outbox_tick()

    message.refresh_from_db()
    assert message.status == MessageStatus.REVIEW
    assert message.review_note == "Twilio has no record of it: a person decides"
    assert posts(fake_twilio) == []  # never resent blindly


def test_a_stuck_message_twilio_did_send_is_reconciled_as_sent(fake_twilio):
    message = claimed_message(status=MessageStatus.SENDING, claimed_at=NOW, attempts=1)
    with time_machine.travel(NOW, tick=False):
        sent = fake_twilio.message_json({"To": MOBILE, "Body": message.body})
    fake_twilio.remember(sent)

    with time_machine.travel(NOW + dt.timedelta(minutes=2), tick=False):
        outbox_tick()

    message.refresh_from_db()
    [lookup] = [r for r in fake_twilio.requests if r.method == "GET"]
    assert lookup.form["To"] == MOBILE and "DateSent>" in lookup.form
    assert (message.status, message.provider_sid, message.review_note) == (
        MessageStatus.SENT, sent["sid"], "Twilio had sent it")
    assert posts(fake_twilio) == []


def test_a_timed_out_send_that_reached_twilio_is_reconciled_with_one_post(fake_twilio,
                                                                           settings):
    settings.TWILIO_TIMEOUT_SECONDS = 1
    fake_twilio.hang = threading.Event()
    message = claimed_message()
    with time_machine.travel(NOW, tick=False):
        assert message_send(message_id=message.pk) == MessageStatus.REVIEW
    fake_twilio.hang.set()

    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        outbox_tick()

    message.refresh_from_db()
    assert (message.status, len(posts(fake_twilio))) == (MessageStatus.SENT, 1)


def test_a_different_text_to_the_same_number_is_not_taken_for_this_one(fake_twilio):
    message = claimed_message(status=MessageStatus.REVIEW, claimed_at=NOW, attempts=1)
    with time_machine.travel(NOW, tick=False):
        fake_twilio.remember(fake_twilio.message_json({"To": MOBILE, "Body": "Another text"}))

    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        outbox_tick()
        outbox_tick()  # asked once: the person decides from here

    message.refresh_from_db()
    assert (message.status, message.reconciled_at is not None) == (MessageStatus.REVIEW, True)
    assert len([r for r in fake_twilio.requests if r.method == "GET"]) == 1


def test_twilio_failing_to_answer_leaves_the_message_for_the_next_tick(fake_twilio):
    message = claimed_message(status=MessageStatus.REVIEW, claimed_at=NOW, attempts=1)
    fake_twilio.server_error_on_list = True

    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        outbox_tick()

    message.refresh_from_db()
    assert (message.status, message.reconciled_at) == (MessageStatus.REVIEW, None)
    assert message.review_note == "Could not ask Twilio yet"


def test_asking_twilio_logs_no_number(fake_twilio, caplog):
    caplog.set_level(logging.DEBUG)
    claimed_message(status=MessageStatus.REVIEW, claimed_at=NOW, attempts=1)

    with time_machine.travel(NOW + dt.timedelta(minutes=1), tick=False):
        outbox_tick()

    assert "7400" not in caplog.text and "%2B44" not in caplog.text
