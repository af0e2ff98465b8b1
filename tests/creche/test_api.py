import datetime as dt

import pytest
import time_machine

from creche.models import Attendance, CollectionIncident, CrecheSession, StaffOnDuty
from scheduler.platform.roles import Role
from tests.creche.factories import (
    AttendanceFactory,
    AuthorisedCollectorFactory,
    ChildFactory,
    CrecheBookingFactory,
    CrecheSessionFactory,
    NeverCollectFactory,
    StaffOnDutyFactory,
    StaffQualificationFactory,
    staffed_creche,
)
from tests.factories import LONDON, SessionFactory, VenueFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_the_creche_day")]


@pytest.fixture
def worker(make_user):  # type: ignore[no-untyped-def]
    return make_user(Role.CRECHE_WORKER)


@pytest.fixture
def api(client_for, worker):  # type: ignore[no-untyped-def]
    return client_for(worker)


def post(client, url, data=None):  # type: ignore[no-untyped-def]
    return client.post(url, data=data or {}, content_type="application/json")


def fields(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Field → its messages, joined (a field may carry several)."""
    found: dict[str, str] = {}
    for item in response.json()["detail"]:
        key = item["loc"][-1]
        found[key] = f"{found[key]} {item['msg']}" if key in found else item["msg"]
    return found


# --- roles ------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.MANAGER])
@pytest.mark.parametrize(("method", "url"), [
    ("get", "/api/creche/sessions"),
    ("get", "/api/creche/sessions/{creche}/status"),
    ("get", "/api/creche/sessions/{creche}/bookings"),
    ("post", "/api/creche/bookings/{booking}/sign-in"),
    ("post", "/api/creche/bookings/{booking}/sign-out"),
    ("post", "/api/creche/sessions/{creche}/staff/sign-on"),
])
def test_creche_endpoints_refuse_facilitators_and_managers(role, method, url, make_user,
                                                          client_for):
    booking = CrecheBookingFactory.create()
    target = url.format(creche=booking.creche_session_id, booking=booking.pk)
    client = client_for(make_user(role))

    response = getattr(client, method)(target, data={}, content_type="application/json")

    assert response.status_code == 403


def test_creche_worker_cannot_create_a_creche_session(api):
    response = post(api, "/api/creche/sessions", {})

    assert response.status_code == 403


# --- sessions ---------------------------------------------------------------------------------

def test_coordinator_creates_a_creche_session_alongside_a_group_session(client_for, make_user):
    group_session = SessionFactory.create()
    venue = VenueFactory.create()
    payload = {"venue_id": venue.pk, "session_id": group_session.pk,
               "starts_at": "2026-10-06T09:45:00+01:00", "ends_at": "2026-10-06T12:15:00+01:00",
               "capacity": 10}

    response = post(client_for(make_user(Role.COORDINATOR)), "/api/creche/sessions", payload)

    assert response.status_code == 201, response.content
    assert (response.json()["min_staff"], response.json()["booked"]) == (2, 0)
    assert CrecheSession.objects.get().session == group_session


def test_creche_session_create_reports_field_errors(client_for, make_user):
    payload = {"venue_id": 999, "starts_at": "2026-10-06T09:45:00+01:00",
               "ends_at": "2026-10-06T12:15:00+01:00", "capacity": 0}

    response = post(client_for(make_user(Role.COORDINATOR)), "/api/creche/sessions", payload)

    assert response.status_code == 422
    assert set(fields(response)) == {"capacity"}


def test_creche_session_create_refuses_an_unknown_venue(client_for, make_user):
    payload = {"venue_id": 999, "starts_at": "2026-10-06T09:45:00+01:00",
               "ends_at": "2026-10-06T12:15:00+01:00", "capacity": 4}

    response = post(client_for(make_user(Role.COORDINATOR)), "/api/creche/sessions", payload)

    assert (response.status_code, fields(response)) == (422, {"venue_id": "Unknown id."})


def test_creche_session_create_refuses_naive_times(client_for, make_user):
    payload = {"venue_id": VenueFactory.create().pk, "starts_at": "2026-10-06T09:45:00",
               "ends_at": "2026-10-06T12:15:00", "capacity": 4}

    response = post(client_for(make_user(Role.COORDINATOR)), "/api/creche/sessions", payload)

    assert (response.status_code, list(fields(response))) == (422, ["starts_at"])


@pytest.mark.parametrize("url", ["/api/creche/sessions/999999",
                                 "/api/creche/sessions/999999/status",
                                 "/api/creche/sessions/99999999999999999999999/bookings",
                                 "/api/creche/bookings/999999/collectors"])
def test_unknown_ids_are_404(api, url):
    assert api.get(url).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_creche_session_list_query_count(api, django_assert_max_num_queries, count):
    CrecheSessionFactory.create_batch(count)

    with django_assert_max_num_queries(4):
        response = api.get("/api/creche/sessions")

    assert response.json()["count"] == count


def test_creche_session_list_filters_by_day(api):
    CrecheSessionFactory.create()
    CrecheSessionFactory.create(starts_at=dt.datetime(2026, 10, 7, 9, tzinfo=dt.UTC),
                                ends_at=dt.datetime(2026, 10, 7, 11, tzinfo=dt.UTC))

    response = api.get("/api/creche/sessions?day=2026-10-07")

    assert [s["starts_at"][:10] for s in response.json()["items"]] == ["2026-10-07"]


# --- bookings ---------------------------------------------------------------------------------

def test_coordinator_books_a_child(client_for, make_user):
    creche, child = CrecheSessionFactory.create(), ChildFactory.create(known_as="Mia")

    response = post(client_for(make_user(Role.COORDINATOR)),
                    f"/api/creche/sessions/{creche.pk}/bookings", {"child_id": child.pk})

    assert response.status_code == 201, response.content
    assert (response.json()["known_as"], response.json()["age_band"]) == ("Mia", "3_plus")


def test_booking_a_full_creche_is_422(api):
    creche = CrecheSessionFactory.create(capacity=1)
    CrecheBookingFactory.create(creche_session=creche)

    response = post(api, f"/api/creche/sessions/{creche.pk}/bookings",
                    {"child_id": ChildFactory.create().pk})

    assert (response.status_code, fields(response)) == (422, {"creche_session_id":
                                                              "This crèche is full."})


@pytest.mark.parametrize("count", [1, 3])
def test_booking_list_query_count_and_no_care_notes(api, django_assert_max_num_queries, count):
    creche = CrecheSessionFactory.create()
    for booking in CrecheBookingFactory.create_batch(count, creche_session=creche,
                                                     child__allergies="Peanuts"):
        AttendanceFactory.create(booking=booking)

    # +1 for the prefetch of each booking's visits (several sign-ins a day), +1 the access log
    with django_assert_max_num_queries(7):
        response = api.get(f"/api/creche/sessions/{creche.pk}/bookings")

    items = response.json()["items"]
    assert len(items) == count
    assert "Peanuts" not in response.content.decode()
    assert items[0]["has_care_notes"] is True


# --- sign in / out ----------------------------------------------------------------------------

def test_sign_in_refused_with_no_first_aider_is_422(api):
    creche = CrecheSessionFactory.create()
    StaffOnDutyFactory.create_batch(2, creche_session=creche)
    booking = CrecheBookingFactory.create(creche_session=creche)

    response = post(api, f"/api/creche/bookings/{booking.pk}/sign-in")

    assert response.status_code == 422
    assert "first aider" in fields(response)["booking_id"]


def test_sign_in_then_sign_out_to_authorised_collector(api, worker):
    booking = CrecheBookingFactory.create(creche_session=staffed_creche())
    AuthorisedCollectorFactory.create(child=booking.child, name="Jo Smith")

    signed_in = post(api, f"/api/creche/bookings/{booking.pk}/sign-in")
    signed_out = post(api, f"/api/creche/bookings/{booking.pk}/sign-out",
                      {"collected_by": "Jo Smith"})

    assert (signed_in.status_code, signed_out.status_code) == (200, 200)
    assert signed_out.json()["collected_by"] == "Jo Smith"
    assert Attendance.objects.get().signed_out_by == worker


def test_sign_out_to_never_collect_person_is_422_and_child_stays(api):
    booking = AttendanceFactory.create().booking
    NeverCollectFactory.create(child=booking.child, name="Dan Example")

    response = post(api, f"/api/creche/bookings/{booking.pk}/sign-out",
                    {"collected_by": "Dan Example"})

    assert response.status_code == 422
    assert "must not collect" in fields(response)["collected_by"]
    assert "coordinator has been alerted" in fields(response)["collected_by"]
    assert Attendance.objects.get().signed_out_at is None
    assert CollectionIncident.objects.get().attempted_by == "Dan Example"


def test_sign_out_without_a_name_is_422(api):
    booking = AttendanceFactory.create().booking

    response = post(api, f"/api/creche/bookings/{booking.pk}/sign-out", {})

    assert (response.status_code, list(fields(response))) == (422, ["collected_by"])


def test_collectors_list_hides_passwords(api):
    booking = CrecheBookingFactory.create()
    AuthorisedCollectorFactory.create(child=booking.child, name="Jo Smith", password="Blue Kite")

    response = api.get(f"/api/creche/bookings/{booking.pk}/collectors")

    assert [(c["name"], c["needs_password"]) for c in response.json()["items"]] \
        == [("Jo Smith", True)]
    assert "Blue Kite" not in response.content.decode()


# --- staff and status -------------------------------------------------------------------------

def test_staff_sign_on_self_then_status(api, worker):
    StaffQualificationFactory.create(user=worker)
    creche = CrecheSessionFactory.create()

    signed_on = post(api, f"/api/creche/sessions/{creche.pk}/staff/sign-on")
    status = api.get(f"/api/creche/sessions/{creche.pk}/status").json()

    assert signed_on.status_code == 201, signed_on.content
    assert signed_on.json()["paediatric_first_aid"] is True
    assert (status["staff_present"], status["first_aider_present"], status["ok"]) \
        == (1, True, True)


@time_machine.travel(dt.datetime(2026, 10, 6, 10, 0, tzinfo=LONDON), tick=False)
def test_status_warns_when_below_ratio(api):
    creche = CrecheSessionFactory.create()
    duty = StaffOnDutyFactory.create(creche_session=creche)
    AttendanceFactory.create(booking__creche_session=creche)

    status = api.get(f"/api/creche/sessions/{creche.pk}/status").json()

    assert (status["children_present"], status["staff_present"], status["required_staff"],
            status["first_aider_present"], status["ok"]) == (1, 1, 2, False, False)
    assert len(status["warnings"]) == 2
    assert duty.user.username not in str(status)


@time_machine.travel(dt.datetime(2026, 10, 6, 12, 0, tzinfo=LONDON), tick=False)
def test_status_flags_a_child_over_two_hours(api):
    creche = CrecheSessionFactory.create()
    attendance = AttendanceFactory.create(
        booking__creche_session=creche,
        signed_in_at=dt.datetime(2026, 10, 6, 9, 55, tzinfo=LONDON))
    AttendanceFactory.create(booking__creche_session=creche,
                             signed_in_at=dt.datetime(2026, 10, 6, 10, 0, tzinfo=LONDON))

    status = api.get(f"/api/creche/sessions/{creche.pk}/status").json()

    assert status["over_two_hours_booking_ids"] == [attendance.booking_id]


def test_staff_sign_off_of_last_first_aider_is_422(api, worker):
    creche = CrecheSessionFactory.create(min_staff=1)
    StaffQualificationFactory.create(user=worker)
    StaffOnDutyFactory.create(creche_session=creche, user=worker)
    StaffOnDutyFactory.create(creche_session=creche)
    AttendanceFactory.create(booking__creche_session=creche)

    response = post(api, f"/api/creche/sessions/{creche.pk}/staff/sign-off")

    assert response.status_code == 422
    assert StaffOnDuty.objects.filter(signed_off_at__isnull=True).count() == 2


@pytest.mark.parametrize("count", [1, 3])
def test_staff_list_query_count(api, django_assert_max_num_queries, count):
    creche = CrecheSessionFactory.create()
    for _ in range(count):
        StaffOnDutyFactory.create(creche_session=creche,
                                  user=StaffQualificationFactory.create().user)

    with django_assert_max_num_queries(5):
        response = api.get(f"/api/creche/sessions/{creche.pk}/staff")

    assert [d["paediatric_first_aid"] for d in response.json()["items"]] == [True] * count


@pytest.mark.parametrize("count", [1, 3])
def test_status_query_count_does_not_grow_with_children(api, django_assert_max_num_queries,
                                                        count):
    creche = staffed_creche(staff=3)
    AttendanceFactory.create_batch(count, booking__creche_session=creche)

    with django_assert_max_num_queries(6):
        response = api.get(f"/api/creche/sessions/{creche.pk}/status")

    assert response.json()["children_present"] == count
