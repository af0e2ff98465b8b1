"""The Twilio transport: the real twilio client against a local fake API server."""

import datetime as dt
import logging
import threading

import pytest
import time_machine

from notifications.enums import MessageStatus
from notifications.services import message_send
from notifications.transports import twilio_client
from tests.factories import LONDON, SessionFactory
from tests.notifications.factories import MOBILE, MessageFactory, SafeContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tuesday_evening():  # type: ignore[no-untyped-def]
    with time_machine.travel(dt.datetime(2026, 10, 6, 18, 0, tzinfo=LONDON), tick=False):
        yield


def due_message():  # type: ignore[no-untyped-def]
    contact = SafeContactFactory.create()
    start = dt.datetime(2026, 10, 7, 10, 0, tzinfo=LONDON)
    session = SessionFactory.create(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    return MessageFactory.create(participant=contact.participant, session=session)


def test_twilio_transport_posts_the_message_and_records_the_sid(fake_twilio, caplog):
    message = due_message()
    caplog.set_level(logging.DEBUG)

    status = message_send(message_id=message.pk)

    message.refresh_from_db()
    [request] = fake_twilio.requests
    assert request.path == "/2010-04-01/Accounts/AC" + "0" * 32 + "/Messages.json"
    assert request.form == {
        "To": MOBILE, "From": "+447400123000", "Body": message.body,
        "StatusCallback": f"https://groupwork.example.org/notifications/twilio/status/{message.pk}/"}
    assert request.headers["Authorization"].startswith("Basic ")
    assert (status, message.status, message.attempts) == (MessageStatus.SENT, "sent", 1)
    assert message.provider_sid.startswith("SM")
    assert MOBILE not in caplog.text and "7400" not in caplog.text


def test_twilio_client_has_the_configured_timeout(fake_twilio, settings):
    settings.TWILIO_TIMEOUT_SECONDS = 7

    assert twilio_client().http_client.timeout == 7


def test_opted_out_recipient_21610_marks_contact_opted_out_and_never_retries(fake_twilio,
                                                                            caplog):
    message = due_message()
    fake_twilio.reply_error(400, 21610, f"Attempt to send to unsubscribed recipient {MOBILE}")
    caplog.set_level(logging.DEBUG)

    status = message_send(message_id=message.pk)
    again = message_send(message_id=message.pk)

    message.refresh_from_db()
    contact = message.participant.safe_contact
    assert (status, again, message.error_code) == (
        MessageStatus.UNDELIVERABLE, MessageStatus.UNDELIVERABLE, 21610)
    assert contact.opted_out_at is not None
    assert len(fake_twilio.requests) == 1
    assert MOBILE not in caplog.text and "7400" not in caplog.text


def test_invalid_request_fails_permanently(fake_twilio):
    message = due_message()
    fake_twilio.reply_error(400, 21211, "Invalid 'To' Phone Number")

    assert message_send(message_id=message.pk) == MessageStatus.FAILED


def test_rate_limited_message_goes_back_to_pending_for_a_later_retry(fake_twilio):
    message = due_message()
    fake_twilio.reply_error(429, 20429, "Too Many Requests")

    status = message_send(message_id=message.pk)

    message.refresh_from_db()
    assert (status, message.attempts, message.error_code) == (MessageStatus.PENDING, 1, 20429)
    assert message.scheduled_for > dt.datetime(2026, 10, 6, 18, 0, tzinfo=LONDON)


def test_server_error_is_held_for_review_not_resent(fake_twilio):
    message = due_message()
    fake_twilio.reply_error(500, 20500, "Internal Server Error")

    assert message_send(message_id=message.pk) == MessageStatus.REVIEW
    assert message_send(message_id=message.pk) == MessageStatus.REVIEW
    assert len(fake_twilio.requests) == 1


def test_lost_response_is_held_for_review_because_the_text_may_have_gone(fake_twilio,
                                                                         settings):
    settings.TWILIO_TIMEOUT_SECONDS = 0.2
    fake_twilio.hang = threading.Event()
    message = due_message()

    status = message_send(message_id=message.pk)

    assert (status, len(fake_twilio.requests)) == (MessageStatus.REVIEW, 1)


def test_messaging_service_sid_is_sent_as_such(fake_twilio, settings):
    settings.TWILIO_FROM = "MG" + "1" * 32
    message = due_message()

    message_send(message_id=message.pk)

    [request] = fake_twilio.requests
    assert (request.form.get("MessagingServiceSid"), "From" in request.form) == (
        "MG" + "1" * 32, False)
