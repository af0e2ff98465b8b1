"""Factories for registers and marks."""

from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from attendance.models import Mark, MarkStatus, Register
from tests.factories import EnrolmentFactory, SessionFactory, UserFactory


class RegisterFactory(DjangoModelFactory):
    class Meta:
        model = Register

    session = factory.SubFactory(SessionFactory)
    taken_by = factory.SubFactory(UserFactory)
    taken_at = factory.LazyFunction(timezone.now)


class MarkFactory(DjangoModelFactory):
    class Meta:
        model = Mark

    session = factory.SubFactory(SessionFactory)
    enrolment = factory.SubFactory(EnrolmentFactory, run=factory.SelfAttribute("..session.run"))
    status = MarkStatus.PRESENT
    recorded_by = factory.SubFactory(UserFactory)
    recorded_at = factory.LazyFunction(timezone.now)
