"""Factories for the participant journey (referrals, waiting lists, offers, safety links)."""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from programmes.enums import PRIORITY_RANK, Priority, QuestionKind, ReferralSource
from programmes.models import KeepApartLink, ParticipantIdentity, Referral, WaitingListEntry
from programmes.services.measures import QuestionSpec, questionnaire_attach, questionnaire_create
from tests.factories import LONDON, ParticipantFactory, ProgrammeTypeFactory, UserFactory


class ParticipantIdentityFactory(DjangoModelFactory):
    class Meta:
        model = ParticipantIdentity

    participant = factory.SubFactory(ParticipantFactory)
    legal_name = factory.Sequence(lambda n: f"Legal Name {n}")
    address = "1 Fictional Road"


class ReferralFactory(DjangoModelFactory):
    class Meta:
        model = Referral

    participant = factory.SubFactory(ParticipantFactory)
    programme = factory.SubFactory(ProgrammeTypeFactory)
    source = ReferralSource.SELF
    referred_on = dt.date(2026, 9, 1)
    priority = Priority.STANDARD


class WaitingListEntryFactory(DjangoModelFactory):
    class Meta:
        model = WaitingListEntry

    referral = factory.SubFactory(ReferralFactory)
    programme = factory.SelfAttribute("referral.programme")
    participant = factory.SelfAttribute("referral.participant")
    priority = factory.SelfAttribute("referral.priority")
    referred_on = factory.SelfAttribute("referral.referred_on")
    rank_priority = factory.LazyAttribute(lambda e: PRIORITY_RANK[Priority(e.priority)])
    rank_at = factory.LazyAttribute(
        lambda e: dt.datetime.combine(e.referred_on, dt.time(9), tzinfo=LONDON))


class KeepApartLinkFactory(DjangoModelFactory):
    class Meta:
        model = KeepApartLink

    person_a = factory.SubFactory(ParticipantFactory)
    person_b = factory.SubFactory(ParticipantFactory)
    created_by = factory.SubFactory(UserFactory)
    reason = "Ex-partners"


def safer_questionnaire(programme, *points: str, name: str = ""):  # type: ignore[no-untyped-def]
    """'Feeling safer': two 1–5 scales (one where lower is better) and a choice question,
    attached to `programme` at each of `points`."""
    questionnaire = questionnaire_create(
        name=name or f"Feeling safer {programme.pk}", introduction="About how you feel now.",
        questions=[
            QuestionSpec("I feel safer", low_label="Not at all", high_label="Very much"),
            QuestionSpec("I feel afraid at home", higher_is_better=False),
            QuestionSpec("I understand the effects on my children", kind=QuestionKind.CHOICE,
                         choices=[(0, "No"), (1, "A little"), (2, "Yes")]),
        ])
    for point in points:
        questionnaire_attach(programme=programme, questionnaire=questionnaire, point=point)
    return questionnaire
