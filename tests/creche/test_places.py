"""One booking for parent and child: the crèche follows the parent's place and sessions
through the programmes.place_hooks and scheduler.calendar.change_hooks seams."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from creche.models import CrecheBooking
from creche.selectors import places_for_enrolment
from creche.services import parent_and_children_book, place_requests_set
from programmes.enums import EnrolmentStatus, TransitionReason
from programmes.services.enrolments import enrolment_transition
from programmes.services.waiting_list import offer_accept, place_offer
from scheduler.calendar.services.sessions import session_cancel, session_move
from scheduler.platform.roles import Role
from tests.creche.factories import AttendanceFactory, ChildFactory, CrecheSessionFactory
from tests.factories import LONDON, GroupRunFactory, SessionFactory, UserFactory
from tests.programmes.factories import WaitingListEntryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_the_creche_day")]

FIRST = dt.datetime(2026, 10, 13, 10, 0, tzinfo=LONDON)  # a week after "today"


def run_with_creches(weeks: int = 3, capacity: int = 8):  # type: ignore[no-untyped-def]
    run = GroupRunFactory.create()
    creches = []
    for week in range(weeks):
        starts = FIRST + dt.timedelta(weeks=week)
        session = SessionFactory.create(run=run, number=week + 1, starts_at=starts,
                                        ends_at=starts + dt.timedelta(hours=2))
        creches.append(CrecheSessionFactory.create(
            session=session, venue=run.venue, capacity=capacity,
            starts_at=starts - dt.timedelta(minutes=15), ends_at=starts + dt.timedelta(hours=2)))
    return run, creches


@pytest.fixture
def coordinator():  # type: ignore[no-untyped-def]
    return UserFactory.create(role=Role.COORDINATOR)


def test_enrolling_a_parent_books_each_ticked_child_into_every_creche(coordinator):
    run, creches = run_with_creches()
    mia = ChildFactory.create()
    leo = ChildFactory.create(parent=mia.parent)

    enrolment, report = parent_and_children_book(parent=mia.parent, run=run, children=[mia],
                                                 by=coordinator)

    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert sorted(CrecheBooking.objects.values_list("creche_session_id", flat=True)) == \
        [c.pk for c in creches]
    assert not CrecheBooking.objects.filter(child=leo).exists()
    assert (len(report.booked), report.refused) == (3, [])


def test_a_full_creche_date_is_listed_and_the_other_dates_still_booked(coordinator):
    run, creches = run_with_creches(capacity=1)
    CrecheBooking.objects.create(creche_session=creches[1], child=ChildFactory.create(),
                                 created_by=coordinator)
    child = ChildFactory.create()

    enrolment, report = parent_and_children_book(parent=child.parent, run=run,
                                                 children=[child], by=coordinator)

    assert [(name, at) for name, at, _ in report.refused] == [
        (child.known_as, creches[1].starts_at)]
    assert "full" in report.refused[0][2]
    assert [line.booked for line in places_for_enrolment(enrolment=enrolment)] == \
        [True, False, True]


def test_another_parents_child_cannot_be_booked(coordinator):
    run, _ = run_with_creches()
    child = ChildFactory.create()
    other = ChildFactory.create()

    with pytest.raises(ValidationError):
        parent_and_children_book(parent=child.parent, run=run, children=[other], by=coordinator)

    assert not child.parent.enrolments.exists()


def test_children_ticked_on_an_offer_are_booked_when_it_is_accepted(coordinator):
    run, creches = run_with_creches()
    entry = WaitingListEntryFactory.create(programme=run.programme,
                                           referral__programme=run.programme)
    child = ChildFactory.create(parent=entry.participant)
    offer = place_offer(entry=entry, run=run, expires_at=FIRST, by=coordinator)

    report = place_requests_set(enrolment=offer.enrolment, children=[child], by=coordinator)
    before = CrecheBooking.objects.count()
    offer_accept(offer=offer)

    assert (report.booked, before) == ([], 0)
    assert CrecheBooking.objects.filter(child=child).count() == len(creches)


def test_withdrawing_the_parent_releases_the_unattended_places(coordinator):
    run, creches = run_with_creches()
    child = ChildFactory.create()
    enrolment, _ = parent_and_children_book(parent=child.parent, run=run, children=[child],
                                            by=coordinator)

    enrolment_transition(enrolment=enrolment, to_status=EnrolmentStatus.WITHDRAWN,
                         reason_code=TransitionReason.PARTICIPANT_CHOICE, by=coordinator)

    assert not CrecheBooking.objects.filter(child=child).exists()


def test_moving_the_parents_session_moves_the_creche_and_the_childs_booking(coordinator):
    run, creches = run_with_creches(weeks=1)
    child = ChildFactory.create()
    parent_and_children_book(parent=child.parent, run=run, children=[child], by=coordinator)
    session = creches[0].session

    session_move(session=session, starts_at=session.starts_at + dt.timedelta(days=1),
                 ends_at=session.ends_at + dt.timedelta(days=1), by=coordinator)

    creches[0].refresh_from_db()
    assert creches[0].starts_at == FIRST + dt.timedelta(days=1, minutes=-15)
    assert CrecheBooking.objects.get(child=child).creche_session == creches[0]


def test_cancelling_the_parents_session_releases_unattended_places_only(coordinator):
    run, creches = run_with_creches(weeks=1)
    child = ChildFactory.create()
    parent_and_children_book(parent=child.parent, run=run, children=[child], by=coordinator)
    attended = AttendanceFactory.create(booking__creche_session=creches[0]).booking

    session_cancel(session=creches[0].session, reason="Venue flooded", by=coordinator)

    assert list(CrecheBooking.objects.all()) == [attended]
