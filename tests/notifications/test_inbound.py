"""Replies: every text stored and matched, plain-words stops acted on at once, danger raised."""

import logging

import pytest

from notifications.enums import MessageStatus, ReplyIntent, UrgentReason
from notifications.models import InboundMessage
from notifications.replies import read_reply
from notifications.selectors import inbox_counts, urgent_replies_unread
from tests.notifications.factories import MOBILE, OTHER_MOBILE, MessageFactory, SafeContactFactory
from tests.notifications.test_webhooks import signed_post

STOPS = ["Stop.", "STOP!!!", "stop texting me", "Stop, please", "Please stop texting me, he reads "
         "my phone", "wrong number", "Wrong number mate", "don't text me again", "Don’t text",
         "do not text this number", "unsubscribe me", "Unsubscribe", "please remove me",
         "no more texts", "END", "cancel", "opt out", "STOP ALL"]
NOT_STOPS = ["please don't stop", "Thanks, see you Tuesday", "ok", "Can I bring my friend?",
             "Is it still on at the end of the month?", ""]
DANGER = ["help", "HELP me", "I'm scared", "he's here", "He’s here now", "call the police",
          "not safe to talk", "999"]


@pytest.mark.parametrize("body", STOPS)
def test_plain_words_stop_is_read_as_stop(body):
    assert read_reply(body).intent == ReplyIntent.STOP


@pytest.mark.parametrize("body", NOT_STOPS)
def test_other_replies_are_not_stops(body):
    assert read_reply(body).intent == ""


@pytest.mark.parametrize("body", DANGER)
def test_words_of_danger_are_recognised(body):
    assert read_reply(body).danger


@pytest.mark.parametrize("body", ["Thanks", "see you then", "helpful, thanks", "Shelpie"])
def test_ordinary_replies_carry_no_danger(body):
    assert not read_reply(body).danger


def inbound(client, token, body, sender=MOBILE, sid="SM" + "1" * 32):  # type: ignore[no-untyped-def]
    return signed_post(client, token, "/notifications/twilio/inbound/",
                       {"From": sender, "To": "+447400123000", "Body": body, "MessageSid": sid})


@pytest.mark.django_db
@pytest.mark.parametrize("body", STOPS)
def test_each_plain_words_stop_opts_out_cancels_queued_texts_and_is_kept_to_read(
        client, twilio_token, body, caplog):
    contact = SafeContactFactory.create()
    pending = MessageFactory.create(participant=contact.participant)
    caplog.set_level(logging.DEBUG)

    response = inbound(client, twilio_token, body)

    contact.refresh_from_db()
    pending.refresh_from_db()
    reply = InboundMessage.objects.get()
    assert response.status_code == 200
    assert (contact.opted_out_at is not None, pending.status) == (True, MessageStatus.CANCELLED)
    assert (reply.contact_id, reply.body, reply.intent, reply.read_at) == (
        contact.pk, body, ReplyIntent.STOP, None)
    assert contact.events.filter(kind="opted_out", source="sms").exists()
    assert MOBILE not in caplog.text and "7400" not in caplog.text
    if body.strip():
        assert body not in caplog.text


@pytest.mark.django_db
def test_a_reply_that_is_not_a_stop_is_stored_unread_and_changes_nothing(client, twilio_token):
    contact = SafeContactFactory.create()

    inbound(client, twilio_token, "Can I bring my friend?")

    contact.refresh_from_db()
    reply = InboundMessage.objects.get()
    assert (contact.opted_out_at, reply.intent, reply.urgent) == (None, "", False)
    assert inbox_counts() == {"unread": 1, "urgent": 0}


@pytest.mark.django_db
def test_a_reply_with_words_of_danger_is_raised_as_urgent(client, twilio_token):
    SafeContactFactory.create()

    inbound(client, twilio_token, "I'm scared, he's here")

    reply = InboundMessage.objects.get()
    assert (reply.urgent, reply.urgent_reason) == (True, UrgentReason.DANGER_WORDS)
    assert urgent_replies_unread() == [reply]
    assert inbox_counts() == {"unread": 1, "urgent": 1}


@pytest.mark.django_db
def test_any_reply_from_a_number_marked_unsafe_is_urgent(client, twilio_token):
    SafeContactFactory.create(suspended_at="2026-10-01T09:00Z", suspended_reason="Phone taken")

    inbound(client, twilio_token, "ok thanks")

    reply = InboundMessage.objects.get()
    assert (reply.urgent, reply.urgent_reason) == (True, UrgentReason.UNSAFE_NUMBER)


@pytest.mark.django_db
def test_a_reply_from_an_unknown_number_is_kept_without_a_contact(client, twilio_token):
    contact = SafeContactFactory.create()

    inbound(client, twilio_token, "STOP", sender=OTHER_MOBILE)

    contact.refresh_from_db()
    reply = InboundMessage.objects.get()
    assert (reply.contact_id, reply.from_phone, contact.opted_out_at) == (
        None, OTHER_MOBILE, None)


@pytest.mark.django_db
def test_a_webhook_retried_by_twilio_is_stored_once(client, twilio_token):
    SafeContactFactory.create()

    inbound(client, twilio_token, "help")
    inbound(client, twilio_token, "help")

    assert InboundMessage.objects.count() == 1
