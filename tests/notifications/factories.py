"""Factories for safe contact and the outbox."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from notifications.enums import MessageKind
from notifications.models import Message, SafeContact, SafeWindow
from tests.factories import LONDON, ParticipantFactory, SessionFactory

# phonenumbers' own example GB mobile (07400 123456) and its neighbours in the same block.
MOBILE = "+447400123456"
OTHER_MOBILE = "+447400123457"
LANDLINE = "+441212345678"  # phonenumbers' example GB fixed line


class SafeContactFactory(DjangoModelFactory):
    class Meta:
        model = SafeContact

    participant = factory.SubFactory(ParticipantFactory)
    phone = MOBILE
    safe_to_text = True
    consent_given_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=30))
    consent_method = "in_person"
    consent_wording_version = "2026-1"


class SafeWindowFactory(DjangoModelFactory):
    class Meta:
        model = SafeWindow

    contact = factory.SubFactory(SafeContactFactory)
    weekday = 0
    start = dt.time(9, 0)
    end = dt.time(12, 0)


class MessageFactory(DjangoModelFactory):
    class Meta:
        model = Message

    participant = factory.SubFactory(ParticipantFactory)
    kind = MessageKind.REMINDER
    session = factory.SubFactory(SessionFactory)
    body = "Reminder: Tue 10:00. Reply STOP to stop these texts."
    scheduled_for = dt.datetime(2026, 9, 1, 9, 0, tzinfo=LONDON)
    idempotency_key = factory.Sequence(lambda n: f"test:{n}")
