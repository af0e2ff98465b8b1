"""Factories for crèche tests."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from creche.models import (
    Attendance,
    AuthorisedCollector,
    Child,
    CrecheBooking,
    CrecheSession,
    NeverCollect,
    StaffOnDuty,
    StaffQualification,
)
from scheduler.platform.roles import Role
from tests.factories import LONDON, ParticipantFactory, UserFactory, VenueFactory

CRECHE_DAY = dt.date(2026, 10, 6)


class CrecheSessionFactory(DjangoModelFactory[CrecheSession]):
    class Meta:
        model = CrecheSession

    venue = factory.SubFactory(VenueFactory)
    starts_at = dt.datetime(2026, 10, 6, 9, 45, tzinfo=LONDON)
    ends_at = dt.datetime(2026, 10, 6, 12, 15, tzinfo=LONDON)
    capacity = 12
    min_staff = 2


class ChildFactory(DjangoModelFactory[Child]):
    class Meta:
        model = Child

    parent = factory.SubFactory(ParticipantFactory)
    known_as = factory.Sequence(lambda n: f"Sam {n}")
    date_of_birth = dt.date(2022, 3, 1)  # aged 4 on CRECHE_DAY


class AuthorisedCollectorFactory(DjangoModelFactory[AuthorisedCollector]):
    class Meta:
        model = AuthorisedCollector

    child = factory.SubFactory(ChildFactory)
    name = factory.Sequence(lambda n: f"Collector {n}")
    relationship = "Grandparent"


class NeverCollectFactory(DjangoModelFactory[NeverCollect]):
    class Meta:
        model = NeverCollect

    child = factory.SubFactory(ChildFactory)
    name = "Dan Example"
    description = "Father; court order in place"


class CrecheBookingFactory(DjangoModelFactory[CrecheBooking]):
    class Meta:
        model = CrecheBooking

    creche_session = factory.SubFactory(CrecheSessionFactory)
    child = factory.SubFactory(ChildFactory)
    created_by = factory.SubFactory(UserFactory, role=Role.COORDINATOR)


class CrecheWorkerFactory(UserFactory):
    role = Role.CRECHE_WORKER


class StaffQualificationFactory(DjangoModelFactory[StaffQualification]):
    class Meta:
        model = StaffQualification

    user = factory.SubFactory(CrecheWorkerFactory)
    paediatric_first_aid_expires = dt.date(2027, 6, 30)
    level_6_qualified = False


class StaffOnDutyFactory(DjangoModelFactory[StaffOnDuty]):
    class Meta:
        model = StaffOnDuty

    creche_session = factory.SubFactory(CrecheSessionFactory)
    user = factory.SubFactory(CrecheWorkerFactory)
    signed_on_at = factory.LazyAttribute(lambda d: d.creche_session.starts_at)


class AttendanceFactory(DjangoModelFactory[Attendance]):
    class Meta:
        model = Attendance

    booking = factory.SubFactory(CrecheBookingFactory)
    signed_in_at = factory.LazyAttribute(lambda a: a.booking.creche_session.starts_at)
    signed_in_by = factory.SubFactory(CrecheWorkerFactory)


def first_aider_on(creche_session: CrecheSession) -> StaffOnDuty:
    qualification = StaffQualificationFactory.create()
    return StaffOnDutyFactory.create(creche_session=creche_session, user=qualification.user)


def staffed_creche(*, staff: int = 2, **kwargs) -> CrecheSession:  # type: ignore[no-untyped-def]
    """A crèche with one first aider and `staff - 1` further workers on duty."""
    creche = CrecheSessionFactory.create(**kwargs)
    first_aider_on(creche)
    for _ in range(staff - 1):
        StaffOnDutyFactory.create(creche_session=creche)
    return creche
