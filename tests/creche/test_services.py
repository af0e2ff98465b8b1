import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from creche.models import Attendance, Child, CrecheBooking
from creche.services import (
    booking_create,
    child_create,
    child_sign_in,
    child_sign_out,
    collector_add,
    creche_session_create,
    staff_sign_off,
    staff_sign_on,
)
from programmes.models import KeepApartLink, ParticipantIdentity
from scheduler.platform.roles import Role
from tests.creche.factories import (
    AttendanceFactory,
    AuthorisedCollectorFactory,
    ChildFactory,
    CrecheBookingFactory,
    CrecheSessionFactory,
    CrecheWorkerFactory,
    NeverCollectFactory,
    StaffOnDutyFactory,
    StaffQualificationFactory,
    first_aider_on,
    staffed_creche,
)
from tests.factories import LONDON, ParticipantFactory, UserFactory, VenueFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_the_creche_day")]


ARRIVAL = dt.datetime(2026, 10, 6, 9, 50, tzinfo=LONDON)


def error_for(exc: pytest.ExceptionInfo[ValidationError], field: str) -> str:
    return " ".join(exc.value.message_dict[field])


def signed_in_booking(**kwargs) -> CrecheBooking:  # type: ignore[no-untyped-def]
    attendance = AttendanceFactory.create(**kwargs)
    return attendance.booking


# --- sessions and bookings --------------------------------------------------------------------

def test_creche_session_create_refuses_an_end_before_the_start():
    with pytest.raises(ValidationError) as exc:
        creche_session_create(venue=VenueFactory.create(), starts_at=ARRIVAL,
                              ends_at=ARRIVAL - dt.timedelta(hours=1), capacity=10)

    assert "end after" in error_for(exc, "ends_at")


def test_creche_session_create_defaults_to_two_staff_minimum():
    creche = creche_session_create(venue=VenueFactory.create(), starts_at=ARRIVAL,
                                   ends_at=ARRIVAL + dt.timedelta(hours=2), capacity=10)

    assert creche.min_staff == 2


def test_booking_create_refuses_a_full_creche():
    creche = CrecheSessionFactory.create(capacity=1)
    CrecheBookingFactory.create(creche_session=creche)

    with pytest.raises(ValidationError) as exc:
        booking_create(creche_session=creche, child=ChildFactory.create(), by=UserFactory.create())

    assert error_for(exc, "creche_session_id") == "This crèche is full."


def test_booking_create_refuses_a_second_booking_of_the_same_child():
    booking = CrecheBookingFactory.create()

    with pytest.raises(ValidationError) as exc:
        booking_create(creche_session=booking.creche_session, child=booking.child,
                       by=UserFactory.create())

    assert "already booked" in error_for(exc, "child_id")


# --- sign in ------------------------------------------------------------------------------------

def test_child_sign_in_records_arrival_and_who_signed_in():
    creche = staffed_creche()
    booking = CrecheBookingFactory.create(creche_session=creche)
    worker = CrecheWorkerFactory.create()

    attendance = child_sign_in(booking=booking, by=worker, at=ARRIVAL)

    assert (attendance.signed_in_at, attendance.signed_in_by) == (ARRIVAL, worker)


def test_child_sign_in_refused_without_a_first_aider_on_duty():
    creche = CrecheSessionFactory.create()
    StaffOnDutyFactory.create_batch(2, creche_session=creche)
    booking = CrecheBookingFactory.create(creche_session=creche)

    with pytest.raises(ValidationError) as exc:
        child_sign_in(booking=booking, by=UserFactory.create(), at=ARRIVAL)

    assert "first aider" in error_for(exc, "booking_id")
    assert not Attendance.objects.exists()


def test_child_sign_in_refused_with_an_expired_first_aid_certificate():
    creche = CrecheSessionFactory.create()
    lapsed = StaffQualificationFactory.create(paediatric_first_aid_expires=dt.date(2026, 10, 5))
    StaffOnDutyFactory.create(creche_session=creche, user=lapsed.user)
    StaffOnDutyFactory.create(creche_session=creche)

    with pytest.raises(ValidationError):
        child_sign_in(booking=CrecheBookingFactory.create(creche_session=creche),
                      by=UserFactory.create())


def test_child_sign_in_refused_when_it_would_breach_the_ratio():
    creche = staffed_creche(staff=2)
    babies = CrecheBookingFactory.create_batch(7, creche_session=creche,
                                               child__date_of_birth=dt.date(2025, 6, 1))
    for booking in babies[:6]:
        child_sign_in(booking=booking, by=UserFactory.create(), at=ARRIVAL)

    with pytest.raises(ValidationError) as exc:
        child_sign_in(booking=babies[6], by=UserFactory.create(), at=ARRIVAL)

    assert error_for(exc, "booking_id").startswith("Signing this child in needs 3 staff")


def test_child_sign_in_refused_below_the_minimum_staff():
    creche = staffed_creche(staff=1)

    with pytest.raises(ValidationError) as exc:
        child_sign_in(booking=CrecheBookingFactory.create(creche_session=creche),
                      by=UserFactory.create())

    assert "needs 2 staff" in error_for(exc, "booking_id")


def test_child_sign_in_uses_level_6_ratio_for_over_threes():
    creche = CrecheSessionFactory.create(min_staff=1)
    lead = StaffQualificationFactory.create(level_6_qualified=True)
    StaffOnDutyFactory.create(creche_session=creche, user=lead.user)
    bookings = [CrecheBookingFactory.create(creche_session=creche) for _ in range(13)]

    for booking in bookings:
        child_sign_in(booking=booking, by=lead.user, at=ARRIVAL)

    assert Attendance.objects.count() == 13


def test_child_sign_in_twice_is_refused():
    booking = signed_in_booking()

    with pytest.raises(ValidationError):
        child_sign_in(booking=booking, by=UserFactory.create())


# --- sign out: the safety-critical rule -------------------------------------------------------

def test_child_sign_out_to_an_authorised_collector_records_who_and_when():
    booking = signed_in_booking()
    AuthorisedCollectorFactory.create(child=booking.child, name="Jo Smith")
    worker = CrecheWorkerFactory.create()
    collected_at = ARRIVAL + dt.timedelta(hours=2)

    with time_machine.travel(collected_at, tick=False):
        attendance = child_sign_out(booking=booking, collected_by="  jo SMITH ", by=worker)

    assert (attendance.signed_out_at, attendance.collected_by, attendance.signed_out_by) \
        == (collected_at, "Jo Smith", worker)


def test_child_sign_out_refused_to_an_unknown_adult():
    booking = signed_in_booking()
    AuthorisedCollectorFactory.create(child=booking.child, name="Jo Smith")

    with pytest.raises(ValidationError) as exc:
        child_sign_out(booking=booking, collected_by="Pat Stranger", by=UserFactory.create())

    assert "not on the child's list" in error_for(exc, "collected_by")
    assert Attendance.objects.get().signed_out_at is None


def test_child_sign_out_refused_to_a_never_collect_person():
    booking = signed_in_booking()
    NeverCollectFactory.create(child=booking.child, name="Dan Example")

    with pytest.raises(ValidationError) as exc:
        child_sign_out(booking=booking, collected_by="Dan Example", by=UserFactory.create())

    assert "must not collect" in error_for(exc, "collected_by")
    assert Attendance.objects.get().signed_out_at is None


def test_never_collect_wins_over_an_authorised_entry_with_the_same_name():
    booking = signed_in_booking()
    AuthorisedCollectorFactory.create(child=booking.child, name="Dan Example")
    NeverCollectFactory.create(child=booking.child, name="Dan Example")

    with pytest.raises(ValidationError) as exc:
        child_sign_out(booking=booking, collected_by="Dan Example", by=UserFactory.create())

    assert "must not collect" in error_for(exc, "collected_by")


def test_child_sign_out_refused_to_the_never_collect_participant():
    booking = signed_in_booking()
    perpetrator = ParticipantFactory.create(known_as="Rob")
    NeverCollectFactory.create(child=booking.child, name="", participant=perpetrator)
    AuthorisedCollectorFactory.create(child=booking.child, name="Rob")

    with pytest.raises(ValidationError) as exc:
        child_sign_out(booking=booking, collected_by="Rob", by=UserFactory.create())

    assert "must not collect" in error_for(exc, "collected_by")


def test_child_sign_out_refused_to_the_other_party_of_a_keep_apart_link():
    booking = signed_in_booking()
    parent, other = booking.child.parent, ParticipantFactory.create(known_as="Lee")
    low, high = sorted([parent, other], key=lambda p: p.pk)
    KeepApartLink.objects.create(person_a=low, person_b=high,
                                 created_by=UserFactory.create(role=Role.COORDINATOR))
    AuthorisedCollectorFactory.create(child=booking.child, name="Lee")

    with pytest.raises(ValidationError) as exc:
        child_sign_out(booking=booking, collected_by="Lee", by=UserFactory.create())

    assert "must not collect" in error_for(exc, "collected_by")


def test_child_sign_out_refused_to_a_deactivated_collector():
    booking = signed_in_booking()
    AuthorisedCollectorFactory.create(child=booking.child, name="Jo Smith", is_active=False)

    with pytest.raises(ValidationError):
        child_sign_out(booking=booking, collected_by="Jo Smith", by=UserFactory.create())


def test_child_sign_out_needs_the_collection_password_when_one_is_set():
    booking = signed_in_booking()
    AuthorisedCollectorFactory.create(child=booking.child, name="Jo Smith", password="Blue Kite")

    with pytest.raises(ValidationError) as exc:
        child_sign_out(booking=booking, collected_by="Jo Smith", password="red",
                       by=UserFactory.create())

    assert "password does not match" in error_for(exc, "collected_by")


def test_child_sign_out_accepts_the_collection_password():
    booking = signed_in_booking()
    AuthorisedCollectorFactory.create(child=booking.child, name="Jo Smith", password="Blue Kite")

    attendance = child_sign_out(booking=booking, collected_by="Jo Smith", password="blue kite",
                                by=UserFactory.create())

    assert attendance.collected_by == "Jo Smith"


def test_child_sign_out_before_sign_in_is_refused():
    booking = CrecheBookingFactory.create()
    AuthorisedCollectorFactory.create(child=booking.child, name="Jo Smith")

    with pytest.raises(ValidationError) as exc:
        child_sign_out(booking=booking, collected_by="Jo Smith", by=UserFactory.create())

    assert "not signed in" in error_for(exc, "booking_id")


def test_collector_add_refuses_a_never_collect_name():
    entry = NeverCollectFactory.create(name="Dan Example")

    with pytest.raises(ValidationError):
        collector_add(child=entry.child, name="dan example", relationship="Father")


# --- staff on and off -------------------------------------------------------------------------

def test_staff_sign_on_refuses_a_facilitator():
    with pytest.raises(ValidationError) as exc:
        staff_sign_on(creche_session=CrecheSessionFactory.create(),
                      user=UserFactory.create(role=Role.FACILITATOR))

    assert "crèche staff" in error_for(exc, "user_id")


def test_staff_sign_on_twice_is_refused():
    duty = StaffOnDutyFactory.create()

    with pytest.raises(ValidationError):
        staff_sign_on(creche_session=duty.creche_session, user=duty.user)


def test_staff_sign_off_refuses_the_last_first_aider_while_children_present():
    creche = staffed_creche(staff=3)
    first_aider = creche.staff_on_duty.get(user__creche_qualification__isnull=False).user
    child_sign_in(booking=CrecheBookingFactory.create(creche_session=creche), by=first_aider)

    with pytest.raises(ValidationError) as exc:
        staff_sign_off(creche_session=creche, user=first_aider)

    assert "last paediatric first aider" in error_for(exc, "user_id")


def test_staff_sign_off_refuses_going_below_ratio_while_children_present():
    creche = staffed_creche(staff=2)
    other = creche.staff_on_duty.get(user__creche_qualification__isnull=True).user
    child_sign_in(booking=CrecheBookingFactory.create(creche_session=creche), by=other)

    with pytest.raises(ValidationError) as exc:
        staff_sign_off(creche_session=creche, user=other)

    assert "signing off would leave 1" in error_for(exc, "user_id")


def test_staff_sign_off_allowed_once_children_have_gone():
    creche = CrecheSessionFactory.create()
    duty = first_aider_on(creche)

    signed_off = staff_sign_off(creche_session=creche, user=duty.user)

    assert signed_off.signed_off_at is not None


def test_child_sign_in_refused_on_another_day():
    booking = CrecheBookingFactory.create(creche_session=staffed_creche())

    with pytest.raises(ValidationError) as exc:
        child_sign_in(booking=booking, by=UserFactory.create(),
                      at=ARRIVAL - dt.timedelta(days=7))

    assert "not running on that day" in error_for(exc, "at")


def test_child_sign_out_refused_to_never_collect_participant_by_legal_name():
    booking = signed_in_booking()
    perpetrator = ParticipantFactory.create(known_as="R")
    ParticipantIdentity.objects.create(participant=perpetrator, legal_name="Robert Example")
    NeverCollectFactory.create(child=booking.child, name="", participant=perpetrator)
    AuthorisedCollectorFactory.create(child=booking.child, name="Robert Example")

    with pytest.raises(ValidationError) as exc:
        child_sign_out(booking=booking, collected_by="robert example", by=UserFactory.create())

    assert "must not collect" in error_for(exc, "collected_by")


def test_an_ended_keep_apart_link_no_longer_blocks_collection():
    booking = signed_in_booking()
    parent, other = booking.child.parent, ParticipantFactory.create(known_as="Lee")
    low, high = sorted([parent, other], key=lambda p: p.pk)
    KeepApartLink.objects.create(person_a=low, person_b=high, ended_at=ARRIVAL,
                                 created_by=UserFactory.create(role=Role.COORDINATOR))
    AuthorisedCollectorFactory.create(child=booking.child, name="Lee")

    attendance = child_sign_out(booking=booking, collected_by="Lee", by=UserFactory.create())

    assert attendance.collected_by == "Lee"



def test_child_and_collector_names_with_direction_controls_and_impossible_dates_are_refused():
    parent = ParticipantFactory.create()
    with pytest.raises(ValidationError, match="direction"):
        child_create(parent=parent, known_as="Ali\u202e", date_of_birth=dt.date(2023, 1, 1))
    for impossible in (dt.date(1, 1, 1), dt.date(9999, 12, 31)):
        with pytest.raises(ValidationError, match="check the year|future"):
            child_create(parent=parent, known_as="Ali", date_of_birth=impossible)
    child = child_create(parent=parent, known_as="Ali", date_of_birth=dt.date(2023, 1, 1))
    with pytest.raises(ValidationError, match="direction"):
        collector_add(child=child, name="Gran\u2066", relationship="grandmother")
    assert Child.objects.count() == 1
