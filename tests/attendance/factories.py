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


def started_today_session(*facilitators: User) -> Session:
    """A session that started today (London) and no later than a few hours ago, whatever the
    hour the tests run at: "My sessions" lists it under "Today and later" and the tablet keeps
    it offline. (`held_session` starts on the previous day when the tests run before 03:00.)"""
    midnight = timezone.now().astimezone(LONDON).replace(hour=0, minute=0, second=0,
                                                         microsecond=0)
    start = max(HELD, midnight)
    return SessionFactory.create(starts_at=start, ends_at=start + dt.timedelta(hours=2),
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
