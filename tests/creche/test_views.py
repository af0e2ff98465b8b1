import datetime as dt

import pytest
import time_machine

from creche.models import Attendance, StaffOnDuty
from scheduler.platform.roles import Role
from tests.creche.factories import (
    AttendanceFactory,
    AuthorisedCollectorFactory,
    CrecheBookingFactory,
    CrecheSessionFactory,
    NeverCollectFactory,
    StaffOnDutyFactory,
    StaffQualificationFactory,
    staffed_creche,
)
from tests.factories import LONDON

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_the_creche_day")]


DURING = dt.datetime(2026, 10, 6, 10, 0, tzinfo=LONDON)


@pytest.fixture
def worker(make_user):  # type: ignore[no-untyped-def]
    return make_user(Role.CRECHE_WORKER)


@pytest.fixture
def tablet(browser_client_for, worker):  # type: ignore[no-untyped-def]
    return browser_client_for(worker)


def csrf_post(client, url, data):  # type: ignore[no-untyped-def]
    """Post the form as the browser would: after loading the page that holds it."""
    client.get(url)
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


def page(creche) -> str:  # type: ignore[no-untyped-def]
    return f"/creche/sessions/{creche.pk}/"


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.MANAGER])
def test_tablet_page_is_forbidden_to_other_roles(role, make_user, browser_client_for):
    response = browser_client_for(make_user(role)).get(page(CrecheSessionFactory.create()))

    assert response.status_code == 403


def test_tablet_page_lists_booked_children_by_known_as_name_only(tablet):
    booking = CrecheBookingFactory.create(child__known_as="Mia")
    booking.child.parent.known_as = "Parent Name"
    booking.child.parent.save()

    response = tablet.get(page(booking.creche_session))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Mia" in body and "Parent Name" not in body


def test_tablet_page_unknown_session_is_404(tablet):
    assert tablet.get("/creche/sessions/999999/").status_code == 404


@time_machine.travel(DURING, tick=False)
def test_tablet_sign_in_records_the_child(tablet, worker):
    booking = CrecheBookingFactory.create(creche_session=staffed_creche())

    response = csrf_post(tablet, page(booking.creche_session),
                         {"action": "sign_in", "booking": booking.pk})

    assert response.status_code == 302
    assert Attendance.objects.get().signed_in_by == worker


def test_tablet_sign_in_without_first_aider_shows_the_error(tablet):
    creche = CrecheSessionFactory.create()
    StaffOnDutyFactory.create_batch(2, creche_session=creche)
    booking = CrecheBookingFactory.create(creche_session=creche)

    response = csrf_post(tablet, page(creche), {"action": "sign_in", "booking": booking.pk})

    assert response.status_code == 422
    assert "No paediatric first aider is on duty" in response.content.decode()
    assert not Attendance.objects.exists()


def test_tablet_sign_out_offers_only_authorised_collectors(tablet):
    booking = AttendanceFactory.create().booking
    AuthorisedCollectorFactory.create(child=booking.child, name="Jo Smith", relationship="Aunt")
    NeverCollectFactory.create(child=booking.child, name="Dan Example")

    body = tablet.get(page(booking.creche_session)).content.decode()

    assert "Jo Smith (Aunt)" in body and 'value="Dan Example"' not in body


def test_tablet_sign_out_to_authorised_collector(tablet):
    booking = AttendanceFactory.create().booking
    AuthorisedCollectorFactory.create(child=booking.child, name="Jo Smith")

    response = csrf_post(tablet, page(booking.creche_session),
                         {"action": "sign_out", "booking": booking.pk, "collected_by": "Jo Smith"})

    assert response.status_code == 302
    assert Attendance.objects.get().collected_by == "Jo Smith"


def test_tablet_sign_out_to_someone_not_on_the_list_is_a_form_error(tablet):
    booking = AttendanceFactory.create().booking
    AuthorisedCollectorFactory.create(child=booking.child, name="Jo Smith")

    response = csrf_post(tablet, page(booking.creche_session),
                         {"action": "sign_out", "booking": booking.pk, "collected_by": "Dan"})

    assert response.status_code == 422
    assert "Choose the adult collecting" in response.content.decode()
    assert Attendance.objects.get().signed_out_at is None


def test_tablet_sign_out_wrong_password_is_a_form_error(tablet):
    booking = AttendanceFactory.create().booking
    AuthorisedCollectorFactory.create(child=booking.child, name="Jo Smith", password="kite")

    response = csrf_post(tablet, page(booking.creche_session),
                         {"action": "sign_out", "booking": booking.pk, "collected_by": "Jo Smith",
                          "password": "wrong"})

    assert response.status_code == 422
    assert "password does not match" in response.content.decode()


def test_tablet_staff_sign_on_and_status(tablet, worker):
    StaffQualificationFactory.create(user=worker)
    creche = CrecheSessionFactory.create()

    response = csrf_post(tablet, page(creche), {"action": "staff_on"})
    body = tablet.get(page(creche)).content.decode()

    assert response.status_code == 302
    assert StaffOnDuty.objects.get().user == worker
    assert "Sign me off" in body
    assert "Paediatric first aid</span>" in body


def test_tablet_post_without_csrf_is_refused(browser_client_for, worker):
    creche = CrecheSessionFactory.create()

    response = browser_client_for(worker).post(page(creche), {"action": "staff_on"})

    assert response.status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_tablet_page_query_count(tablet, django_assert_max_num_queries, count):
    creche = staffed_creche()
    for booking in CrecheBookingFactory.create_batch(count, creche_session=creche):
        AuthorisedCollectorFactory.create(child=booking.child)
        AttendanceFactory.create(booking=booking)

    with django_assert_max_num_queries(13):  # +1 django-otp's device, +1 the access log
        response = tablet.get(page(creche))

    assert response.content.decode().count('value="sign_out"') == count


@time_machine.travel(dt.datetime(2026, 10, 6, 12, 0, tzinfo=LONDON), tick=False)
def test_tablet_flags_a_child_signed_in_over_two_hours(tablet):
    attendance = AttendanceFactory.create(signed_in_at=dt.datetime(2026, 10, 6, 9, 45,
                                                                   tzinfo=LONDON))

    body = tablet.get(page(attendance.booking.creche_session)).content.decode()

    assert "Over 2 hours today" in body


def test_tablet_warns_when_a_child_has_no_authorised_collectors(tablet):
    booking = AttendanceFactory.create().booking

    body = tablet.get(page(booking.creche_session)).content.decode()

    assert "No authorised collectors are recorded" in body


def test_today_lists_todays_creche_sessions(tablet):
    CrecheSessionFactory.create(capacity=9)

    response = tablet.get("/creche/")

    assert response.status_code == 200
    assert "0 booked of 9" in response.content.decode()


def test_today_is_forbidden_to_facilitators(make_user, browser_client_for):
    assert browser_client_for(make_user(Role.FACILITATOR)).get("/creche/").status_code == 403
