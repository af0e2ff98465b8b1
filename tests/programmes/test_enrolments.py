from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from programmes.enums import AssessmentOutcome, ReferralSource
from programmes.enums import EnrolmentStatus as S
from programmes.enums import TransitionReason as R
from programmes.models import ProgrammeType
from programmes.services import (
    assessment_record,
    enrolment_create,
    enrolment_transition,
    referral_create,
)
from tests.factories import EnrolmentFactory, GroupRunFactory, ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_enrolment_create_records_who_and_why():
    coordinator = UserFactory.create()

    enrolment = enrolment_create(participant=ParticipantFactory.create(),
                                 run=GroupRunFactory.create(), by=coordinator,
                                 reason="Rolling group, walked in")

    event = enrolment.events.get()
    assert (enrolment.status, event.to_status, event.by, event.reason) == (
        S.ENROLLED, S.ENROLLED, coordinator, "Rolling group, walked in")


def test_enrolment_create_refuses_a_full_run():
    run = GroupRunFactory.create(capacity=1)
    EnrolmentFactory.create(run=run, status=S.ENROLLED)

    with pytest.raises(ValidationError) as exc:
        enrolment_create(participant=ParticipantFactory.create(), run=run)

    assert exc.value.message_dict == {"run_id": ["No place left on this run."]}


def test_enrolment_transition_to_withdrawn_needs_a_reason_from_the_list():
    enrolment = EnrolmentFactory.create(status=S.ENROLLED)

    with pytest.raises(ValidationError) as exc:
        enrolment_transition(enrolment=enrolment, to_status=S.WITHDRAWN)

    assert list(exc.value.message_dict) == ["reason_code"]


def test_enrolment_transition_other_reason_needs_free_text():
    enrolment = EnrolmentFactory.create(status=S.ENROLLED)

    with pytest.raises(ValidationError) as exc:
        enrolment_transition(enrolment=enrolment, to_status=S.REMOVED, reason_code=R.OTHER)

    assert list(exc.value.message_dict) == ["reason"]


def test_enrolment_transition_records_history_and_left_at():
    enrolment = EnrolmentFactory.create(status=S.STARTED)
    user = UserFactory.create()

    enrolment_transition(enrolment=enrolment, to_status=S.WITHDRAWN,
                         reason_code=R.MOVED_AWAY, reason="Moved to another county", by=user)

    enrolment.refresh_from_db()
    event = enrolment.events.get()
    assert (event.from_status, event.to_status, event.reason_code, event.by) == (
        S.STARTED, S.WITHDRAWN, R.MOVED_AWAY, user)
    assert enrolment.left_at is not None


@pytest.mark.parametrize("to_status", [S.STARTED, S.COMPLETED])
def test_starters_and_completers_cannot_be_typed(to_status):
    enrolment = EnrolmentFactory.create(status=S.ENROLLED)

    with pytest.raises(ValidationError) as exc:
        enrolment_transition(enrolment=enrolment, to_status=to_status)

    assert list(exc.value.message_dict) == ["to_status"]
    assert enrolment.events.count() == 0


def test_enrolment_transition_from_a_terminal_state_is_refused():
    enrolment = EnrolmentFactory.create(status=S.REMOVED)

    with pytest.raises(ValidationError):
        enrolment_transition(enrolment=enrolment, to_status=S.ENROLLED)


def test_enrolment_from_waiting_to_enrolled_takes_a_place_and_sets_joined_at():
    run = GroupRunFactory.create(capacity=1)
    enrolment = EnrolmentFactory.create(run=run, status=S.WAITING)
    before = enrolment.joined_at

    enrolment_transition(enrolment=enrolment, to_status=S.ENROLLED)

    enrolment.refresh_from_db()
    assert enrolment.status == S.ENROLLED and enrolment.joined_at > before


def test_perpetrator_programme_needs_a_suitable_assessment_before_enrolment():
    run = GroupRunFactory.create(programme=ProgrammeType.objects.get(slug="perpetrator-programme"))
    man = ParticipantFactory.create()
    with pytest.raises(ValidationError) as exc:
        enrolment_create(participant=man, run=run)
    referral = referral_create(participant=man, programme=run.programme,
                               source=ReferralSource.POLICE, referred_on=dt.date(2026, 9, 1))
    assessment_record(assessment=referral.assessment, sessions_held=2, did_not_attend=0,
                      outcome=AssessmentOutcome.SUITABLE)

    enrolment = enrolment_create(participant=man, run=run)

    assert list(exc.value.message_dict) == ["participant_id"]
    assert enrolment.status == S.ENROLLED
    assert man.waiting_list_entries.get().status == "placed"
