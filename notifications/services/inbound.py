"""Texts participants send us: every one stored, read for stop / start / danger, and shown to
coordinators. The body is never logged (ids only)."""

from __future__ import annotations

import logging

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from notifications.enums import ReplyIntent, UrgentReason
from notifications.models import InboundMessage, SafeContact
from notifications.replies import read_reply
from notifications.services.contacts import contacts_opt_in, contacts_opt_out
from scheduler.models import User

logger = logging.getLogger(__name__)


@transaction.atomic
def inbound_sms_receive(*, from_number: str, body: str, provider_sid: str = "") -> InboundMessage:
    """Store the text, match it to the contact by number, act on a stop (at once: queued texts
    are cancelled) or a start, and raise it as urgent when it comes from a number marked unsafe
    or carries words of danger. A webhook retried by Twilio is stored once."""
    if provider_sid:
        seen = InboundMessage.objects.filter(provider_sid=provider_sid).first()
        if seen is not None:
            return seen
    phone = _e164(from_number)
    contacts = list(SafeContact.objects.with_number(phone).order_by("pk")) if phone else []
    contact = contacts[0] if contacts else None
    reading = read_reply(body)
    unsafe = any(c.suspended_at is not None for c in contacts)
    inbound = InboundMessage.objects.create(
        from_phone=phone or from_number[:16], contact=contact, body=body,
        provider_sid=provider_sid, received_at=timezone.now(), intent=reading.intent,
        **_urgency(unsafe, reading.danger))
    _act(phone, reading.intent)
    logger.info("inbound text %s stored: intent=%s urgent=%s contact=%s", inbound.pk,
                reading.intent or "none", inbound.urgent, contact.pk if contact else None)
    return inbound


def _urgency(unsafe: bool, danger: bool) -> dict[str, object]:
    if unsafe:
        return {"urgent": True, "urgent_reason": UrgentReason.UNSAFE_NUMBER}
    if danger:
        return {"urgent": True, "urgent_reason": UrgentReason.DANGER_WORDS}
    return {}


def _act(phone: str, intent: str) -> None:
    if not phone:
        return
    if intent == ReplyIntent.STOP:
        contacts_opt_out(phone=phone, source="sms")
    elif intent == ReplyIntent.START:
        contacts_opt_in(phone=phone, source="sms")


@transaction.atomic
def inbound_mark_read(*, inbound_id: int, by: User) -> InboundMessage:
    inbound = InboundMessage.objects.select_for_update().filter(pk=inbound_id).first()
    if inbound is None:
        raise ValidationError({"inbound": "No such text."})
    if inbound.read_at is None:
        inbound.read_at, inbound.read_by = timezone.now(), by
        inbound.save(update_fields=["read_at", "read_by"])
    return inbound


def _e164(raw: str) -> str:
    try:
        number = phonenumbers.parse(raw, "GB")
    except phonenumbers.NumberParseException:
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
