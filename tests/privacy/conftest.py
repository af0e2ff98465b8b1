"""A participant with something in every app, and another who must stay out of her bundle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from attendance.models import MarkStatus
from creche.models import Child
from notifications.models import InboundMessage
from programmes.enums import EnrolmentStatus, ReferralSource
from programmes.models import Participant, ParticipantIdentity, Referral
from tests.attendance.factories import MarkFactory, RegisterFactory
from tests.creche.factories import (
    AttendanceFactory,
    AuthorisedCollectorFactory,
    ChildFactory,
    CrecheBookingFactory,
    NeverCollectFactory,
)
from tests.factories import (
    LONDON,
    DemographicsFactory,
    EnrolmentFactory,
    GroupRunFactory,
    SessionFactory,
)
from tests.notifications.factories import MessageFactory, SafeContactFactory

START = dt.datetime(2026, 10, 6, 10, 0, tzinfo=LONDON)  # 2026/27 Q3


@dataclass
class Person:
    participant: Participant
    child: Child
    phone: str


def person(run, *, name: str, phone: str, dob: dt.date, session) -> Person:
    enrolment = EnrolmentFactory.create(run=run, participant__known_as=f"{name} Known",
                                        status=EnrolmentStatus.COMPLETED)
    p = enrolment.participant
    ParticipantIdentity.objects.create(participant=p, legal_name=f"{name} Legal",
                                       address=f"1 {name} Street")
    DemographicsFactory.create(participant=p, locality="Melton", date_of_birth=dob,
                               sex="female", first_language=f"{name}ish")
    Referral.objects.create(participant=p, programme=run.programme, source=ReferralSource.SELF,
                            referring_agency=f"{name} Agency", referred_on=dt.date(2026, 9, 1))
    MarkFactory.create(session=session, enrolment=enrolment, status=MarkStatus.PRESENT)
    contact = SafeContactFactory.create(participant=p, phone=phone)
    MessageFactory.create(participant=p, body=f"Reminder for {name}. Reply STOP to stop.")
    InboundMessage.objects.create(from_phone=phone, contact=contact, body=f"{name} says hi",
                                  received_at=timezone.now())
    child = ChildFactory.create(parent=p, known_as=f"{name} Junior", allergies=f"{name} nuts")
    AuthorisedCollectorFactory.create(child=child, name=f"{name} Granny",
                                      password=f"{name.lower()}-secret")
    NeverCollectFactory.create(child=child, name=f"{name} Danger")
    AttendanceFactory.create(booking=CrecheBookingFactory.create(child=child),
                             collected_by=f"{name} Granny")
    return Person(p, child, phone)


@pytest.fixture
def two_people(db) -> tuple[Person, Person]:
    run = GroupRunFactory.create(programme__session_count=1)
    session = SessionFactory.create(run=run, starts_at=START,
                                    ends_at=START + dt.timedelta(hours=2))
    RegisterFactory.create(session=session)
    canary = person(run, name="Canary", phone="+447400111222", dob=dt.date(1990, 10, 10),
                    session=session)
    other = person(run, name="Robin", phone="+447400333444", dob=dt.date(1985, 5, 1),
                   session=session)
    return canary, other
