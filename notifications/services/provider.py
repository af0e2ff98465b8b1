"""What the SMS provider tells us about our messages: delivery status callbacks."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from notifications.enums import STATUS_RANK, MessageStatus
from notifications.models import Message, SafeContact
from notifications.services.contacts import contacts_opt_out
from notifications.transports import OPTED_OUT_ERROR

logger = logging.getLogger(__name__)

# Twilio's message statuses, as ours. "queued"/"accepted" add nothing to our 'sending'.
TWILIO_STATUS = {
    "accepted": MessageStatus.SENDING,
    "queued": MessageStatus.SENDING,
    "sending": MessageStatus.SENDING,
    "sent": MessageStatus.SENT,
    "delivered": MessageStatus.DELIVERED,
    "read": MessageStatus.DELIVERED,
    "undelivered": MessageStatus.FAILED,
    "failed": MessageStatus.FAILED,
    "canceled": MessageStatus.CANCELLED,
}


@transaction.atomic
def message_status_apply(*, message_id: int, provider_sid: str, provider_status: str,
                         error_code: int | None = None) -> bool:
    """Apply a status callback. Callbacks repeat and arrive out of order: a message only ever
    moves forward (delivered never becomes sent). Returns whether anything changed."""
    new = TWILIO_STATUS.get(provider_status)
    message = Message.objects.select_for_update().filter(pk=message_id).first()
    if new is None or message is None:
        return False
    if message.provider_sid and provider_sid and message.provider_sid != provider_sid:
        return False
    if STATUS_RANK[new] <= STATUS_RANK[MessageStatus(message.status)]:
        return False
    message.status = new
    message.status_changed_at = timezone.now()
    message.provider_sid = message.provider_sid or provider_sid
    if new in (MessageStatus.SENT, MessageStatus.DELIVERED):
        message.sent_at = message.sent_at or message.status_changed_at
    message.error_code = error_code or message.error_code
    message.save()
    if error_code == OPTED_OUT_ERROR:
        _opt_out_participant(message.participant_id)
    logger.info("message %s now %s", message.pk, new)
    return True


def _opt_out_participant(participant_id: int) -> None:
    phone = SafeContact.objects.filter(participant_id=participant_id).values_list(
        "phone", flat=True).first()
    if phone:
        contacts_opt_out(phone=phone, source="provider")
