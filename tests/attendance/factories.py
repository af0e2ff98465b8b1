"""Factories for registers and marks."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from attendance.models import Mark, MarkStatus, Register
from scheduler.models import Session, User
from tests.factories import LONDON, EnrolmentFactory, SessionFactory, UserFactory

# A session held a few hours ago: its register may be taken and is not yet locked
# (registers lock REGISTER_LOCK_DAYS after the session; see attendance/locks.py).
HELD = (timezone.now().astimezone(LONDON) - dt.timedelta(hours=3)).replace(
    minute=0, second=0, microsecond=0)


def held_session(*facilitators: User) -> Session:
    return SessionFactory.create(starts_at=HELD, ends_at=HELD + dt.timedelta(hours=2),
                                 run__facilitators=list(facilitators))


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
