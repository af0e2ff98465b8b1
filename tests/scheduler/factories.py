"""Calendar factories: programmes with a curriculum, closures, terms and keep-apart links."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from programmes.enums import Delivery, OutputCategory
from programmes.models import Enrolment, GroupRun, KeepApartLink
from scheduler.models import Closure, ClosureKind, Room, Season, Session, Term, TermCalendar
from tests.factories import (
    EnrolmentFactory,
    GroupRunFactory,
    LocalityFactory,
    ProgrammeTypeFactory,
    RoomFactory,
    SessionFactory,
    TopicFactory,
    UserFactory,
    locality_by_name,
)

FREEDOM_TOPICS = ["The Bully", "The Headworker", "The Jailer", "The Bad Father",
                  "The Persuader", "The Sexual Controller", "King of the Castle", "The Liar",
                  "Effects on children", "The Friend", "Looking after yourself", "Moving on"]


class TermCalendarFactory(DjangoModelFactory):
    class Meta:
        model = TermCalendar

    name = factory.Sequence(lambda n: f"Leicester City schools {n}")
    locality = factory.SubFactory(LocalityFactory, name="Leicester City")

    @classmethod
    def _adjust_kwargs(cls, **kwargs: object) -> dict[str, object]:
        return locality_by_name(kwargs)


class TermFactory(DjangoModelFactory):
    """Autumn 2026 with half-term 26–30 October."""

    class Meta:
        model = Term

    calendar = factory.SubFactory(TermCalendarFactory)
    season = Season.AUTUMN
    name = "Autumn 2026"
    starts_on = dt.date(2026, 9, 3)
    ends_on = dt.date(2026, 12, 18)
    half_term_starts_on = dt.date(2026, 10, 26)
    half_term_ends_on = dt.date(2026, 10, 30)


class ClosureFactory(DjangoModelFactory):
    class Meta:
        model = Closure

    kind = ClosureKind.ORGANISATION
    starts_on = dt.date(2026, 9, 22)
    ends_on = dt.date(2026, 9, 22)
    reason = "Staff training day"


class KeepApartLinkFactory(DjangoModelFactory):
    class Meta:
        model = KeepApartLink

    created_by = factory.SubFactory(UserFactory)
    buffer_minutes = 60


def keep_apart(a, b, **kwargs) -> KeepApartLink:  # type: ignore[no-untyped-def]
    """A link stored with the lower id first, as the programmes services do."""
    first, second = sorted([a, b], key=lambda p: p.pk)
    return KeepApartLinkFactory(person_a=first, person_b=second, **kwargs)  # type: ignore[return-value]


def freedom_run(*, rolling: bool = False, **kwargs) -> GroupRun:  # type: ignore[no-untyped-def]
    programme = ProgrammeTypeFactory(
        delivery=Delivery.ROLLING if rolling else Delivery.CLOSED_COHORT,
        output_category=OutputCategory.FREEDOM, session_count=12)
    for order, title in enumerate(FREEDOM_TOPICS, start=1):
        TopicFactory(programme=programme, order=order, title=title)
    return GroupRunFactory(programme=programme, **kwargs)  # type: ignore[return-value]


# Typed shortcuts: factory_boy's calls are untyped, these return the model.
def make_session(**kwargs) -> Session:  # type: ignore[no-untyped-def]
    return SessionFactory(**kwargs)  # type: ignore[return-value]


def make_run(**kwargs) -> GroupRun:  # type: ignore[no-untyped-def]
    return GroupRunFactory(**kwargs)  # type: ignore[return-value]


def make_room(**kwargs) -> Room:  # type: ignore[no-untyped-def]
    return RoomFactory(**kwargs)  # type: ignore[return-value]


def make_enrolment(**kwargs) -> Enrolment:  # type: ignore[no-untyped-def]
    return EnrolmentFactory(**kwargs)  # type: ignore[return-value]


def make_term(**kwargs) -> Term:  # type: ignore[no-untyped-def]
    return TermFactory(**kwargs)  # type: ignore[return-value]
