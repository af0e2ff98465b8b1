"""On the day: several visits, times recorded after the fact, cancelled sessions, minimum age,
and a refused collection recorded as an incident with the staff on duty."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from creche.models import Attendance, CollectionIncident, CrecheBooking, IncidentReason
from creche.services import (
    booking_cancel,
    booking_create,
    child_sign_in,
    child_sign_out,
    incident_acknowledge,
)
from scheduler.calendar.enums import SessionStatus
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
    staffed_creche,
)
from tests.factories import LONDON, SessionFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_the_creche_day")]

NOW = dt.datetime(2026, 10, 6, 10, 0, tzinfo=LONDON)


def messages(exc: pytest.ExceptionInfo[ValidationError], field: str) -> str:
    return " ".join(exc.value.message_dict[field])


def test_a_child_can_be_signed_in_again_after_going_out_with_a_parent():
    booking = CrecheBookingFactory.create(creche_session=staffed_creche())
    AuthorisedCollectorFactory.create(child=booking.child, name="Mum")
    worker = CrecheWorkerFactory.create()
    child_sign_in(booking=booking, by=worker, at=NOW - dt.timedelta(minutes=10))
    child_sign_out(booking=booking, collected_by="Mum", by=worker,
                   at=NOW - dt.timedelta(minutes=5))

    child_sign_in(booking=booking, by=worker)

    assert Attendance.objects.filter(booking=booking).count() == 2
    with pytest.raises(ValidationError) as exc:
        child_sign_in(booking=booking, by=worker)
    assert "already signed in" in messages(exc, "booking_id")


def test_a_sign_in_recorded_after_the_fact_needs_a_reason():
    booking = CrecheBookingFactory.create(creche_session=staffed_creche())
    earlier = NOW - dt.timedelta(hours=1)

    with pytest.raises(ValidationError) as exc:
        child_sign_in(booking=booking, by=UserFactory.create(), at=earlier)
    attendance = child_sign_in(booking=booking, by=UserFactory.create(), at=earlier,
                               reason="Tablet was flat")

    assert "after the fact" in messages(exc, "reason")
    assert (attendance.signed_in_at, attendance.sign_in_reason) == (earlier, "Tablet was flat")


def test_a_past_days_sign_in_can_be_recorded_with_a_reason_without_staff_on_now():
    creche = CrecheSessionFactory.create()  # no staff on duty
    booking = CrecheBookingFactory.create(creche_session=creche)

    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        attendance = child_sign_in(booking=booking, by=UserFactory.create(),
                                   at=NOW, reason="Paper register typed up")

    assert attendance.signed_in_at == NOW


def test_a_future_time_is_refused():
    booking = CrecheBookingFactory.create(creche_session=staffed_creche())

    with pytest.raises(ValidationError) as exc:
        child_sign_in(booking=booking, by=UserFactory.create(), at=NOW + dt.timedelta(hours=1))

    assert "not happened yet" in messages(exc, "at")


def test_sign_out_before_arrival_is_refused():
    attendance = AttendanceFactory.create(signed_in_at=NOW - dt.timedelta(minutes=5))
    AuthorisedCollectorFactory.create(child=attendance.booking.child, name="Mum")

    with pytest.raises(ValidationError) as exc:
        child_sign_out(booking=attendance.booking, collected_by="Mum", by=UserFactory.create(),
                       at=NOW - dt.timedelta(minutes=30), reason="Forgot")

    assert "before they arrived" in messages(exc, "at")


def test_sign_in_on_a_cancelled_session_is_refused_and_nothing_saved():
    session = SessionFactory.create(status=SessionStatus.CANCELLED)
    booking = CrecheBookingFactory.create(creche_session=staffed_creche(session=session))

    with pytest.raises(ValidationError) as exc:
        child_sign_in(booking=booking, by=UserFactory.create())

    assert "cancelled" in messages(exc, "booking_id")
    assert not Attendance.objects.exists()


def test_booking_a_child_under_the_minimum_age_is_refused():
    creche = CrecheSessionFactory.create(min_age_months=6)
    baby = ChildFactory.create(date_of_birth=dt.date(2026, 6, 1))  # 4 months on the day

    with pytest.raises(ValidationError) as exc:
        booking_create(creche_session=creche, child=baby, by=UserFactory.create())

    assert "6 months" in messages(exc, "child_id")
    assert not CrecheBooking.objects.exists()


def test_booking_cancel_releases_the_place_but_not_once_signed_in():
    booking = CrecheBookingFactory.create()
    attended = AttendanceFactory.create().booking

    booking_cancel(booking=booking)

    assert not CrecheBooking.objects.filter(pk=booking.pk).exists()
    with pytest.raises(ValidationError):
        booking_cancel(booking=attended)


def test_a_never_collect_adult_is_refused_recorded_with_staff_on_duty_and_child_stays():
    attendance = AttendanceFactory.create()
    booking = attendance.booking
    NeverCollectFactory.create(child=booking.child, name="Dan Example")
    duty = StaffOnDutyFactory.create(creche_session=booking.creche_session)
    worker = CrecheWorkerFactory.create()

    with pytest.raises(ValidationError) as exc:
        child_sign_out(booking=booking, collected_by="dan example", by=worker)

    incident = CollectionIncident.objects.get()
    assert "must not collect" in messages(exc, "collected_by")
    assert "coordinator has been alerted" in messages(exc, "collected_by")
    assert (incident.child, incident.booking, incident.attempted_by, incident.reason,
            incident.recorded_by, incident.happened_at) == (
        booking.child, booking, "dan example", IncidentReason.NEVER_COLLECT, worker, NOW)
    assert list(incident.staff_on_duty.all()) == [duty.user]
    attendance.refresh_from_db()
    assert attendance.signed_out_at is None


def test_an_unknown_adult_is_refused_and_recorded_as_not_authorised():
    booking = AttendanceFactory.create().booking

    with pytest.raises(ValidationError):
        child_sign_out(booking=booking, collected_by="A Stranger", by=UserFactory.create())

    assert CollectionIncident.objects.get().reason == IncidentReason.NOT_AUTHORISED


def test_only_a_coordinator_acknowledges_an_incident():
    booking = AttendanceFactory.create().booking
    with pytest.raises(ValidationError):
        child_sign_out(booking=booking, collected_by="A Stranger", by=UserFactory.create())
    incident = CollectionIncident.objects.get()

    with pytest.raises(ValidationError):
        incident_acknowledge(incident=incident, by=CrecheWorkerFactory.create())
    coordinator = UserFactory.create(role=Role.COORDINATOR)
    acknowledged = incident_acknowledge(incident=incident, by=coordinator)

    assert (acknowledged.acknowledged_by, acknowledged.acknowledged_at) == (coordinator, NOW)


def test_a_time_in_year_one_is_a_field_error_not_a_crash():
    booking = CrecheBookingFactory.create(creche_session=staffed_creche())

    with pytest.raises(ValidationError) as exc:
        child_sign_in(booking=booking, by=UserFactory.create(),
                      at=dt.datetime(1, 1, 1, 0, 0, tzinfo=dt.UTC), reason="x")

    assert "2000" in messages(exc, "at")
