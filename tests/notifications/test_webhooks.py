"""Twilio webhooks: signed requests only; callbacks move a message forward, never back."""

import logging

import pytest
from twilio.request_validator import RequestValidator

from notifications.enums import MessageStatus
from notifications.models import Message
from tests.notifications.factories import MOBILE, OTHER_MOBILE, MessageFactory, SafeContactFactory

pytestmark = pytest.mark.django_db

BASE = "https://groupwork.example.org"


def signed_post(client, token, path, params):  # type: ignore[no-untyped-def]
    signature = RequestValidator(token).compute_signature(BASE + path, params)
    return client.post(path, params, headers={"X-Twilio-Signature": signature})


def status_path(message: Message) -> str:
    return f"/notifications/twilio/status/{message.pk}/"


def callback(client, token, message, status, sid="SM1", **extra):  # type: ignore[no-untyped-def]
    params = {"MessageSid": sid, "MessageStatus": status, **extra}
    return signed_post(client, token, status_path(message), params)


def test_status_callback_with_a_bad_signature_is_refused(client, twilio_token):
    message = MessageFactory.create(status=MessageStatus.SENT, provider_sid="SM1")

    response = client.post(status_path(message), {"MessageSid": "SM1",
                                                  "MessageStatus": "delivered"},
                           headers={"X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"})

    message.refresh_from_db()
    assert (response.status_code, message.status) == (403, MessageStatus.SENT)


def test_status_callback_without_a_signature_is_refused(client, twilio_token):
    message = MessageFactory.create(status=MessageStatus.SENT, provider_sid="SM1")

    response = client.post(status_path(message), {"MessageStatus": "delivered"})

    assert response.status_code == 403


def test_status_callback_signed_for_another_url_is_refused(client, twilio_token):
    message = MessageFactory.create(status=MessageStatus.SENT, provider_sid="SM1")
    other = MessageFactory.create(status=MessageStatus.SENT, provider_sid="SM2")
    params = {"MessageSid": "SM1", "MessageStatus": "delivered"}
    signature = RequestValidator(twilio_token).compute_signature(BASE + status_path(other), params)

    response = client.post(status_path(message), params,
                           headers={"X-Twilio-Signature": signature})

    assert response.status_code == 403


def test_delivered_callback_marks_the_message_delivered(client, twilio_token):
    message = MessageFactory.create(status=MessageStatus.SENT, provider_sid="SM1")

    response = callback(client, twilio_token, message, "delivered")

    message.refresh_from_db()
    assert (response.status_code, message.status) == (204, MessageStatus.DELIVERED)


def test_out_of_order_callbacks_never_move_a_message_backwards(client, twilio_token):
    message = MessageFactory.create(status=MessageStatus.SENT, provider_sid="SM1")

    for status in ("delivered", "sent", "queued", "delivered", "failed"):
        callback(client, twilio_token, message, status)

    message.refresh_from_db()
    assert message.status == MessageStatus.DELIVERED


def test_callback_before_the_send_is_recorded_moves_sending_forward(client, twilio_token):
    message = MessageFactory.create(status=MessageStatus.SENDING)

    callback(client, twilio_token, message, "sent", sid="SMearly")

    message.refresh_from_db()
    assert (message.status, message.provider_sid) == (MessageStatus.SENT, "SMearly")


def test_callback_for_another_sid_is_ignored(client, twilio_token):
    message = MessageFactory.create(status=MessageStatus.SENT, provider_sid="SM1")

    callback(client, twilio_token, message, "delivered", sid="SMother")

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_undelivered_callback_records_the_error_code(client, twilio_token):
    message = MessageFactory.create(status=MessageStatus.SENT, provider_sid="SM1")

    callback(client, twilio_token, message, "undelivered", ErrorCode="30003")

    message.refresh_from_db()
    assert (message.status, message.error_code) == (MessageStatus.FAILED, 30003)


def inbound(client, token, body, sender=MOBILE):  # type: ignore[no-untyped-def]
    return signed_post(client, token, "/notifications/twilio/inbound/",
                       {"From": sender, "To": "+447400123000", "Body": body})


@pytest.mark.parametrize("word", ["STOP", "stop", " Stopall ", "UNSUBSCRIBE", "CANCEL", "END",
                                  "QUIT", "REVOKE", "OPTOUT"])
def test_inbound_opt_out_keyword_opts_the_number_out(client, twilio_token, word, caplog):
    contact = SafeContactFactory.create()
    pending = MessageFactory.create(participant=contact.participant)
    caplog.set_level(logging.DEBUG)

    response = inbound(client, twilio_token, word)

    contact.refresh_from_db()
    pending.refresh_from_db()
    assert response.status_code == 200
    assert (contact.opted_out_at is not None, pending.status) == (True, MessageStatus.CANCELLED)
    assert MOBILE not in caplog.text and "7400" not in caplog.text


def test_inbound_sentence_containing_stop_is_not_an_opt_out(client, twilio_token):
    contact = SafeContactFactory.create()

    inbound(client, twilio_token, "please don't stop")

    contact.refresh_from_db()
    assert contact.opted_out_at is None


def test_inbound_stop_from_another_number_changes_nothing(client, twilio_token):
    contact = SafeContactFactory.create()

    inbound(client, twilio_token, "STOP", sender=OTHER_MOBILE)

    contact.refresh_from_db()
    assert contact.opted_out_at is None


def test_inbound_with_a_bad_signature_is_refused(client, twilio_token):
    contact = SafeContactFactory.create()

    response = client.post("/notifications/twilio/inbound/", {"From": MOBILE, "Body": "STOP"},
                           headers={"X-Twilio-Signature": "forged"})

    contact.refresh_from_db()
    assert (response.status_code, contact.opted_out_at) == (403, None)


@pytest.mark.parametrize("word", ["START", "yes", "UNSTOP"])
def test_inbound_start_opts_back_in(client, twilio_token, word):
    contact = SafeContactFactory.create()
    inbound(client, twilio_token, "STOP")

    inbound(client, twilio_token, word)

    contact.refresh_from_db()
    assert contact.opted_out_at is None


def test_start_does_not_restore_texting_without_standing_consent(client, twilio_token):
    contact = SafeContactFactory.create()
    inbound(client, twilio_token, "STOP")
    type(contact).objects.filter(pk=contact.pk).update(consent_withdrawn_at=contact.updated_at)

    inbound(client, twilio_token, "START")

    contact.refresh_from_db()
    assert (contact.opted_out_at, contact.has_consent) == (None, False)


def test_webhooks_refuse_everything_when_no_auth_token_is_configured(client, settings):
    settings.TWILIO_AUTH_TOKEN = ""
    settings.PUBLIC_BASE_URL = BASE

    response = inbound(client, "", "STOP")

    assert response.status_code == 403


def test_webhooks_answer_get_with_405(client, twilio_token):
    assert client.get("/notifications/twilio/inbound/").status_code == 405


def test_callback_resolves_a_message_held_for_review(client, twilio_token):
    message = MessageFactory.create(status=MessageStatus.REVIEW)

    callback(client, twilio_token, message, "delivered", sid="SMlate")

    message.refresh_from_db()
    assert (message.status, message.provider_sid) == (MessageStatus.DELIVERED, "SMlate")
