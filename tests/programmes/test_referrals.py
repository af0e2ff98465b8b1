from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from programmes.enums import AssessmentOutcome, EntryStatus, ReferralSource, ReferralStatus
from programmes.models import ProgrammeType, WaitingListEntry
from programmes.services import assessment_record, referral_create
from tests.factories import ParticipantFactory
from tests.programmes.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def perpetrator_programme():
    return ProgrammeType.objects.get(slug="perpetrator-programme")


def test_referral_create_flags_a_repeat_within_twelve_months():
    earlier = ReferralFactory.create(referred_on=dt.date(2025, 12, 1))

    referral = referral_create(participant=earlier.participant, programme=earlier.programme,
                               source=ReferralSource.POLICE, referred_on=dt.date(2026, 11, 30))

    assert referral.is_repeat is True


def test_referral_create_does_not_flag_a_referral_more_than_a_year_ago():
    earlier = ReferralFactory.create(referred_on=dt.date(2025, 11, 29))

    referral = referral_create(participant=earlier.participant, programme=earlier.programme,
                               source=ReferralSource.POLICE, referred_on=dt.date(2026, 11, 30))

    assert referral.is_repeat is False


def test_referral_from_another_agency_must_name_it():
    with pytest.raises(ValidationError) as exc:
        referral_create(participant=ParticipantFactory.create(), programme=perpetrator_programme(),
                        source=ReferralSource.OTHER_AGENCY, referred_on=dt.date(2026, 11, 1))

    assert list(exc.value.message_dict) == ["referring_agency"]


def test_referral_to_a_programme_needing_assessment_opens_one():
    referral = referral_create(participant=ParticipantFactory.create(),
                               programme=perpetrator_programme(),
                               source=ReferralSource.SOCIAL_CARE,
                               referred_on=dt.date(2026, 11, 1))

    assert (referral.status, referral.assessment.outcome) == (
        ReferralStatus.ASSESSMENT, AssessmentOutcome.PENDING)
    assert not WaitingListEntry.objects.exists()


def test_referral_to_freedom_goes_straight_to_the_waiting_list():
    referral = referral_create(participant=ParticipantFactory.create(),
                               programme=ProgrammeType.objects.get(slug="freedom-programme"),
                               source=ReferralSource.SELF, referred_on=dt.date(2026, 11, 1))

    assert referral.status == ReferralStatus.WAITING
    assert WaitingListEntry.objects.get().status == EntryStatus.WAITING


def test_suitable_assessment_puts_him_on_the_waiting_list_with_dna_counted():
    referral = referral_create(participant=ParticipantFactory.create(),
                               programme=perpetrator_programme(),
                               source=ReferralSource.SELF, referred_on=dt.date(2026, 11, 1))

    assessment = assessment_record(assessment=referral.assessment, sessions_held=3,
                                   did_not_attend=2, outcome=AssessmentOutcome.SUITABLE)

    referral.refresh_from_db()
    assert (assessment.did_not_attend, referral.status) == (2, ReferralStatus.WAITING)
    assert WaitingListEntry.objects.get().participant == referral.participant


def test_unsuitable_assessment_needs_a_reason_and_closes_the_referral():
    referral = referral_create(participant=ParticipantFactory.create(),
                               programme=perpetrator_programme(),
                               source=ReferralSource.SELF, referred_on=dt.date(2026, 11, 1))
    with pytest.raises(ValidationError):
        assessment_record(assessment=referral.assessment, sessions_held=2, did_not_attend=0,
                          outcome=AssessmentOutcome.UNSUITABLE)

    assessment_record(assessment=referral.assessment, sessions_held=2, did_not_attend=0,
                      outcome=AssessmentOutcome.UNSUITABLE, outcome_reason="Denies any abuse")

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED
    assert not WaitingListEntry.objects.exists()
