"""Demo safe contacts, using only numbers that exist to be examples.

Where the numbers come from: Ofcom's drama range (07700 900000–900999) is the one reserved
for fiction, but phonenumbers rejects it as invalid, so it would never pass our mobile check.
We therefore start from phonenumbers' own example GB mobile,
``example_number_for_type("GB", PhoneNumberType.MOBILE)`` (07400 123456), and vary only its
last two digits, staying inside that example number's 100-number block (07400 1234xx). Each
variant is re-checked with ``is_valid_number`` and ``number_type == MOBILE`` and dropped if it
fails. These are not reserved by Ofcom: with SMS_BACKEND=twilio no demo contact is created,
so a demo database can never text them.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import phonenumbers
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from notifications.enums import ContactEventKind
from notifications.models import ContactEvent, SafeContact
from programmes.models import Participant

logger = logging.getLogger(__name__)


def demo_numbers(count: int) -> list[str]:
    """Up to 100 valid GB mobiles in the example number's block, in E.164."""
    example = phonenumbers.example_number_for_type("GB", PhoneNumberType.MOBILE)
    assert example is not None  # phonenumbers ships metadata for GB mobiles
    block = str(example.national_number)[:-2]
    numbers = []
    for suffix in range(100):
        candidate = phonenumbers.parse(f"+{example.country_code}{block}{suffix:02d}")
        if (phonenumbers.is_valid_number(candidate)
                and phonenumbers.number_type(candidate) == PhoneNumberType.MOBILE):
            numbers.append(phonenumbers.format_number(candidate, PhoneNumberFormat.E164))
    return numbers[:count]


@transaction.atomic
def seed_demo(*, participants: Sequence[Participant]) -> int:
    """Give every second participant an opted-in safe contact. Idempotent: participants who
    already have one are left alone. Returns how many contacts were created."""
    if settings.SMS_BACKEND == "twilio":
        logger.warning("demo safe contacts not seeded: SMS_BACKEND is twilio")
        return 0
    chosen = list(participants)[::2]
    numbers = demo_numbers(len(chosen))
    created = 0
    for participant, phone in zip(chosen, numbers, strict=False):
        contact, made = SafeContact.objects.get_or_create(participant=participant, defaults={
            "phone": phone, "safe_to_text": True, "consent_given_at": timezone.now()})
        if made:
            ContactEvent.objects.create(contact=contact, kind=ContactEventKind.CREATED,
                                        source="demo")
            created += 1
    return created
