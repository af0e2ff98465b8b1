"""Factories for tests: one per model, with sensible defaults."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from programmes.enums import Audience, Delivery, OutputCategory, RunStatus
from programmes.models import (
    Demographics,
    Enrolment,
    GroupRun,
    Participant,
    ProgrammeType,
    Topic,
)
from scheduler.models import Funder, Locality, Lot, Room, Session, User, Venue
from scheduler.platform.roles import Role
from scheduler.platform.timezones import LONDON


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Staff{n}")
    role = Role.FACILITATOR
    password = factory.django.Password("correct horse battery")


class LotFactory(DjangoModelFactory):
    class Meta:
        model = Lot
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Lot {n}")


class LocalityFactory(DjangoModelFactory):
    """A locality on the provider's list (the migration seeds the LLR ones)."""

    class Meta:
        model = Locality
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"District {n}")


class FunderFactory(DjangoModelFactory):
    class Meta:
        model = Funder
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Commissioner {n}")


def locality_by_name(kwargs: dict[str, object]) -> dict[str, object]:
    """Tests may still say locality="Rutland": the listed locality of that name."""
    if isinstance(kwargs.get("locality"), str):
        kwargs["locality"] = LocalityFactory.create(name=kwargs["locality"])
    return kwargs


class VenueFactory(DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Community Centre {n}")
    locality = factory.SubFactory(LocalityFactory, name="Leicester City")
    address = factory.Sequence(lambda n: f"{n} Example Street, LE1 1AA")

    @classmethod
    def _adjust_kwargs(cls, **kwargs: object) -> dict[str, object]:
        return locality_by_name(kwargs)


class RoomFactory(DjangoModelFactory):
    class Meta:
        model = Room

    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"Room {n}")
    capacity = 16


class ProgrammeTypeFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammeType

    name = factory.Sequence(lambda n: f"Recovery Toolkit {n}")
    slug = factory.Sequence(lambda n: f"recovery-toolkit-{n}")
    audience = Audience.WOMEN
    delivery = Delivery.CLOSED_COHORT
    output_category = OutputCategory.RECOVERY_TOOLKIT
    session_count = 12
    session_minutes = 120
    completion_min_percent = 75
    completion_requires_final = False


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic

    programme = factory.SubFactory(ProgrammeTypeFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Topic {n}")


class GroupRunFactory(DjangoModelFactory):
    class Meta:
        model = GroupRun
        skip_postgeneration_save = True  # the hook only sets facilitators (an m2m)

    programme = factory.SubFactory(ProgrammeTypeFactory)
    name = factory.Sequence(lambda n: f"Group run {n}")
    room = factory.SubFactory(RoomFactory)
    venue = factory.SelfAttribute("room.venue")
    capacity = 12
    status = RunStatus.RUNNING

    @factory.post_generation
    def facilitators(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            self.facilitators.set(extracted)


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session

    run = factory.SubFactory(GroupRunFactory)
    room = factory.SelfAttribute("run.room")
    number = factory.Sequence(lambda n: n + 1)
    starts_at = factory.Sequence(
        lambda n: dt.datetime(2026, 9, 8, 10, 0, tzinfo=LONDON) + dt.timedelta(weeks=n)
    )
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + dt.timedelta(hours=2))


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    known_as = factory.Sequence(lambda n: f"Alex {n}")


class DemographicsFactory(DjangoModelFactory):
    class Meta:
        model = Demographics

    participant = factory.SubFactory(ParticipantFactory)

    @classmethod
    def _adjust_kwargs(cls, **kwargs: object) -> dict[str, object]:
        return locality_by_name(kwargs)


class EnrolmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrolment

    participant = factory.SubFactory(ParticipantFactory)
    run = factory.SubFactory(GroupRunFactory)
    joined_at = dt.datetime(2026, 9, 1, 9, 0, tzinfo=LONDON)
