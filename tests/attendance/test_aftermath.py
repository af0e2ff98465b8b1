"""What a register sets in motion: follow-ups, partner-support alerts, registers not taken."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from attendance.aftermath import followup_resolve, followups_open
from attendance.models import FollowUp, PartnerAlert, RegistersDigest
from attendance.not_taken import registers_not_taken
from attendance.services import MarkInput, register_submit
from attendance.tasks import partner_alerts_for_removals, registers_not_taken_digest
from programmes.enums import EnrolmentStatus, OutputCategory
from programmes.services import enrolment_transition, partner_support_link_create
from scheduler.platform.roles import Role
from tests.attendance.factories import HELD, RegisterFactory
from tests.factories import EnrolmentFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def perpetrator_session(facilitator):
    return SessionFactory.create(starts_at=HELD, ends_at=HELD + dt.timedelta(hours=2),
                                 run__facilitators=[facilitator],
                                 run__programme__output_category=OutputCategory.PERPETRATOR)


def kinds():
    return sorted(FollowUp.objects.values_list("enrolment__participant__known_as", "kind"))


def test_a_register_derives_follow_ups_for_absences_and_first_no_shows(session, facilitator):
    kim, lee = (EnrolmentFactory.create(run=session.run, participant__known_as=n)
                for n in ("Kim", "Lee"))
    # Sam joins after the earlier session: this one is his first.
    sam = EnrolmentFactory.create(run=session.run, participant__known_as="Sam",
                                  joined_at=HELD - dt.timedelta(hours=1))
    earlier = SessionFactory.create(run=session.run, starts_at=HELD - dt.timedelta(days=1),
                                    ends_at=HELD - dt.timedelta(hours=22))
    register_submit(session=earlier, by=facilitator, marks=[MarkInput(kim.pk, "present", "k0")])

    register_submit(session=session, by=facilitator, marks=[
        MarkInput(sam.pk, "absent", "s"), MarkInput(kim.pk, "absent", "k"),
        MarkInput(lee.pk, "excused", "l")])

    assert ("Kim", "absent") in kinds() and ("Sam", "first_no_show") in kinds()
    assert [k for k in kinds() if k[0] == "Lee" and k[1] in ("absent", "first_no_show")] == []


def test_only_the_absence_from_an_enrolments_first_expected_session_is_a_first_no_show(
        session, facilitator):
    """Someone who has never come is a first-session no-show at her first expected session
    only; missing the next ones is "absent without apologies" (not a first no-show again)."""
    SessionFactory.create(run=session.run, status="cancelled",
                          starts_at=HELD - dt.timedelta(days=3),
                          ends_at=HELD - dt.timedelta(days=3) + dt.timedelta(hours=2))
    first = SessionFactory.create(run=session.run, starts_at=HELD - dt.timedelta(days=2),
                                  ends_at=HELD - dt.timedelta(days=2) + dt.timedelta(hours=2))
    sam = EnrolmentFactory.create(run=session.run, participant__known_as="Sam")
    # Lee joins the rolling group after the first session: this one is her first.
    lee = EnrolmentFactory.create(run=session.run, participant__known_as="Lee",
                                  joined_at=HELD - dt.timedelta(days=1))

    register_submit(session=first, by=facilitator, marks=[MarkInput(sam.pk, "absent", "s1")])
    register_submit(session=session, by=facilitator, marks=[
        MarkInput(sam.pk, "absent", "s2"), MarkInput(lee.pk, "absent", "l2")])

    absences = sorted(FollowUp.objects.filter(kind__in=["absent", "first_no_show"])
                      .values_list("session_id", "enrolment__participant__known_as", "kind"))
    assert absences == sorted([(first.pk, "Sam", "first_no_show"),
                               (session.pk, "Sam", "absent"),
                               (session.pk, "Lee", "first_no_show")])


def test_follow_ups_are_resolved_with_an_outcome_by_their_own_facilitator(session, facilitator,
                                                                          make_user):
    sam = EnrolmentFactory.create(run=session.run)
    register_submit(session=session, by=facilitator, marks=[MarkInput(sam.pk, "absent", "s")])
    followup = FollowUp.objects.get(kind="first_no_show")
    other = make_user(Role.FACILITATOR)

    assert list(followups_open(user=other)) == []
    with pytest.raises(ValidationError):
        followup_resolve(followup=followup, outcome="contacted_safe", by=other)
    followup_resolve(followup=followup, outcome="contacted_safe", by=facilitator)

    assert followup not in followups_open(user=facilitator)
    followup.refresh_from_db()
    assert (followup.outcome, followup.resolved_by_id) == ("contacted_safe", facilitator.pk)


def test_a_missed_session_alerts_the_linked_partner_support_worker(perpetrator_session, facilitator,
                                                                   make_user):
    him = EnrolmentFactory.create(run=perpetrator_session.run)
    worker = make_user(Role.COORDINATOR)
    partner_support_link_create(enrolment=him, worker=worker, by=worker)

    for status, nonce in [("absent", "1"), ("left_early", "2"), ("left_early", "2")]:
        register_submit(session=perpetrator_session, by=facilitator,
                        marks=[MarkInput(him.pk, status, nonce)])

    assert sorted(PartnerAlert.objects.values_list("link__worker", "kind")) == [
        (worker.pk, "left_early"), (worker.pk, "missed")]


def test_a_removal_alerts_the_partner_support_worker_once(perpetrator_session, facilitator,
                                                         make_user):
    him = EnrolmentFactory.create(run=perpetrator_session.run, status=EnrolmentStatus.STARTED)
    worker = make_user(Role.COORDINATOR)
    partner_support_link_create(enrolment=him, worker=worker, by=worker)
    enrolment_transition(enrolment=him, to_status=EnrolmentStatus.REMOVED,
                         reason_code="group_agreement", reason="", by=worker)

    assert partner_alerts_for_removals() == 1
    partner_alerts_for_removals()

    assert list(PartnerAlert.objects.values_list("kind", flat=True)) == ["removed"]


def test_the_worker_sees_her_alerts_as_status_only(perpetrator_session, facilitator, make_user,
                                                   browser_client_for):
    him = EnrolmentFactory.create(run=perpetrator_session.run, participant__known_as="Dave")
    worker = make_user(Role.FACILITATOR)
    partner_support_link_create(enrolment=him, worker=worker, by=make_user(Role.COORDINATOR))
    register_submit(session=perpetrator_session, by=facilitator,
            marks=[MarkInput(him.pk, "absent", "1")])

    mine = browser_client_for(worker).get("/attendance/partner-alerts/")
    theirs = browser_client_for(make_user(Role.FACILITATOR)).get("/attendance/partner-alerts/")

    assert him.participant.reference.encode() in mine.content and b"Missed" in mine.content
    assert b"Dave" not in mine.content
    assert b"Missed" not in theirs.content


def test_registers_not_taken_and_the_daily_digest(facilitator, make_user, browser_client_for):
    ended = timezone.now() - dt.timedelta(days=2)
    overdue = SessionFactory.create(run__facilitators=[facilitator], starts_at=ended,
                                    ends_at=ended + dt.timedelta(hours=2))
    taken = SessionFactory.create(starts_at=ended, ends_at=ended + dt.timedelta(hours=2))
    RegisterFactory.create(session=taken)
    SessionFactory.create(starts_at=ended, ends_at=ended + dt.timedelta(hours=2),
                          status="cancelled")

    assert [s.pk for s in registers_not_taken()] == [overdue.pk]
    assert registers_not_taken_digest() == 1
    assert RegistersDigest.objects.get().by_facilitator == {str(facilitator.pk): 1}
    page = browser_client_for(make_user(Role.COORDINATOR)).get("/attendance/registers-not-taken/")
    assert f"{facilitator.display_name}: 1".encode() in page.content
    assert browser_client_for(facilitator).get(
        "/attendance/registers-not-taken/").status_code == 403


def test_managers_do_not_open_partner_alerts(make_user, browser_client_for):
    response = browser_client_for(make_user(Role.MANAGER)).get("/attendance/partner-alerts/")

    assert response.status_code == 403
