"""Walk-ins at drop-ins and rolling groups, anonymous headcounts, and what the return counts."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from attendance.dropins import DropInAttendances, dropin_attendances_between
from attendance.models import Mark, WalkIn
from attendance.walkins import (
    headcount_record,
    walk_in_candidates,
    walk_in_confirm,
    walk_in_record,
    walk_in_reject,
)
from programmes.enums import Delivery
from programmes.models import Enrolment
from scheduler.platform.roles import Role
from tests.attendance.factories import HELD
from tests.factories import EnrolmentFactory, ParticipantFactory, SessionFactory

pytestmark = pytest.mark.django_db


def session_of(delivery, facilitator, **kwargs):
    return SessionFactory.create(starts_at=HELD, ends_at=HELD + dt.timedelta(hours=2),
                                 run__programme__delivery=delivery,
                                 run__facilitators=[facilitator], **kwargs)


def test_a_new_person_at_a_drop_in_is_added_and_marked_present(facilitator):
    session = session_of(Delivery.DROP_IN, facilitator)

    enrolment = walk_in_record(session=session, by=facilitator, known_as="Jo")

    assert isinstance(enrolment, Enrolment) and enrolment.participant.known_as == "Jo"
    assert list(Mark.objects.values_list("enrolment_id", "status")) == [
        (enrolment.pk, "present")]


def test_she_finds_existing_people_among_those_she_may_see_only(facilitator):
    session = session_of(Delivery.DROP_IN, facilitator)
    other_run = session_of(Delivery.ROLLING, facilitator).run
    mine = EnrolmentFactory.create(run=other_run, participant__known_as="Robin").participant
    ParticipantFactory.create(known_as="Robina")  # on nobody's run of hers

    found = walk_in_candidates(user=facilitator, session=session, query="rob")

    assert found == [mine]
    with pytest.raises(ValidationError) as refused:
        walk_in_record(session=session, by=facilitator,
                       participant_id=ParticipantFactory.create().pk)
    assert refused.value.message_dict == {"participant_id": ["No such person among yours."]}


def test_a_walk_in_at_a_rolling_group_waits_for_a_coordinator(facilitator, make_user):
    session = session_of(Delivery.ROLLING, facilitator)
    walk_in = walk_in_record(session=session, by=facilitator, known_as="Lee")
    assert isinstance(walk_in, WalkIn) and Mark.objects.count() == 0

    with pytest.raises(PermissionDenied):
        walk_in_confirm(walk_in=walk_in, by=facilitator)
    enrolment = walk_in_confirm(walk_in=walk_in, by=make_user(Role.COORDINATOR))

    assert list(Mark.objects.values_list("enrolment_id", "status")) == [
        (enrolment.pk, "present")]
    walk_in.refresh_from_db()
    assert walk_in.status == "confirmed"


def test_a_full_rolling_group_refuses_the_walk_in_through_programmes_rules(facilitator,
                                                                            make_user):
    session = session_of(Delivery.ROLLING, facilitator, run__capacity=1)
    EnrolmentFactory.create(run=session.run)
    walk_in = walk_in_record(session=session, by=facilitator, known_as="Lee")
    assert isinstance(walk_in, WalkIn)

    with pytest.raises(ValidationError):
        walk_in_confirm(walk_in=walk_in, by=make_user(Role.COORDINATOR))

    walk_in.refresh_from_db()
    assert (walk_in.status, Mark.objects.count()) == ("pending", 0)


def test_a_rejected_walk_in_is_never_marked(facilitator, make_user):
    session = session_of(Delivery.ROLLING, facilitator)
    walk_in = walk_in_record(session=session, by=facilitator, known_as="Lee")
    assert isinstance(walk_in, WalkIn)

    walk_in_reject(walk_in=walk_in, by=make_user(Role.COORDINATOR))

    walk_in.refresh_from_db()
    assert (walk_in.status, Mark.objects.count()) == ("rejected", 0)


def test_walk_ins_are_refused_at_a_closed_cohort(facilitator):
    session = session_of(Delivery.CLOSED_COHORT, facilitator)

    with pytest.raises(ValidationError) as refused:
        walk_in_record(session=session, by=facilitator, known_as="Lee")

    assert list(refused.value.message_dict) == ["session"]


def test_headcounts_are_for_drop_ins_and_bounded(facilitator):
    session = session_of(Delivery.DROP_IN, facilitator)

    with pytest.raises(ValidationError):
        headcount_record(session=session, count=501, by=facilitator)
    headcount_record(session=session, count=4, by=facilitator)
    headcount = headcount_record(session=session, count=6, by=facilitator)

    assert headcount.count == 6


def test_drop_in_attendances_between_count_named_and_anonymous(facilitator):
    session = session_of(Delivery.DROP_IN, facilitator)
    walk_in_record(session=session, by=facilitator, known_as="Jo")
    walk_in_record(session=session, by=facilitator, known_as="Sam")
    headcount_record(session=session, count=3, by=facilitator)
    group = session_of(Delivery.CLOSED_COHORT, facilitator)
    Mark.objects.create(session=group, enrolment=EnrolmentFactory.create(run=group.run),
                        status="present", recorded_by=facilitator, recorded_at=HELD)

    within = dropin_attendances_between(start=HELD - dt.timedelta(days=1),
                                        end=HELD + dt.timedelta(days=1))
    after = dropin_attendances_between(start=HELD + dt.timedelta(hours=1),
                                       end=HELD + dt.timedelta(days=1))

    assert within == DropInAttendances(named=2, anonymous=3)
    assert within.total == 5
    assert after == DropInAttendances(named=0, anonymous=0)


def test_only_coordinators_open_the_walk_ins_page(facilitator, make_user, browser_client_for):
    session = session_of(Delivery.ROLLING, facilitator)
    walk_in_record(session=session, by=facilitator, known_as="Lee")

    assert browser_client_for(facilitator).get("/attendance/walk-ins/").status_code == 403
    response = browser_client_for(make_user(Role.COORDINATOR)).get("/attendance/walk-ins/")
    assert b"Confirm Lee" in response.content
