"""Children, collectors and incident pages: crèche staff and coordinators only; errors beside
fields; nothing half-saved. The tablet shows who may and must never collect."""

import datetime as dt

import pytest

from creche.models import AuthorisedCollector, Child, CollectionIncident
from programmes.models import KeepApartLink
from scheduler.platform.roles import Role
from tests.creche.factories import (
    AttendanceFactory,
    AuthorisedCollectorFactory,
    ChildFactory,
    CrecheSessionFactory,
    NeverCollectFactory,
)
from tests.factories import LONDON, ParticipantFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_the_creche_day")]


def csrf_post(client, url, data):  # type: ignore[no-untyped-def]
    client.get(url)
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


@pytest.fixture
def coordinator(make_user, browser_client_for):  # type: ignore[no-untyped-def]
    return browser_client_for(make_user(Role.COORDINATOR))


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.MANAGER])
def test_facilitators_and_managers_get_403_on_every_child_page(make_user, browser_client_for,
                                                                role):
    child = ChildFactory.create()
    client = browser_client_for(make_user(role))
    urls = ["/creche/children/", f"/creche/children/{child.pk}/",
            f"/creche/parents/{child.parent_id}/", "/creche/incidents/"]

    assert [client.get(url).status_code for url in urls] == [403] * 4


def test_adding_a_child_from_the_parent_page(coordinator):
    parent = ParticipantFactory.create()

    response = csrf_post(coordinator, f"/creche/parents/{parent.pk}/", {
        "known_as": "Mia", "date_of_birth": "2023-05-01", "allergies": "Nuts"})

    child = Child.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/creche/children/{child.pk}/"
    assert (child.parent, child.allergies, child.photo_consent) == (parent, "Nuts", False)


def test_a_bad_child_keeps_the_typed_values_and_shows_the_error(coordinator):
    parent = ParticipantFactory.create()

    response = csrf_post(coordinator, f"/creche/parents/{parent.pk}/", {
        "known_as": "Mia", "date_of_birth": "2031-05-01"})

    body = response.content.decode()
    assert response.status_code == 422
    assert "cannot be in the future" in body and 'value="Mia"' in body
    assert not Child.objects.exists()


def test_a_collector_matching_never_collect_is_refused_beside_the_name(coordinator):
    entry = NeverCollectFactory.create(name="Dan Example")

    response = csrf_post(coordinator, f"/creche/children/{entry.child_id}/", {
        "action": "add_collector", "collector-name": "DAN example",
        "collector-relationship": "Father"})

    assert response.status_code == 422
    assert "never to collect" in response.content.decode()
    assert not AuthorisedCollector.objects.exists()


def test_a_keep_apart_participant_can_be_linked_to_a_never_collect_entry(coordinator):
    child = ChildFactory.create()
    other = ParticipantFactory.create(known_as="Rob")
    KeepApartLink.objects.create(person_a=child.parent, person_b=other,
                                 created_by=UserFactory.create())

    response = csrf_post(coordinator, f"/creche/children/{child.pk}/", {
        "action": "add_never", "never-description": "Ex-partner, tall",
        "never-participant": other.pk})

    assert response.status_code == 302
    assert child.never_collect.get().participant == other


def test_children_list_search_finds_parents_and_paginates(coordinator,
                                                          django_assert_max_num_queries):
    parent = ParticipantFactory.create(known_as="Alex Parent")
    ChildFactory.create_batch(30, parent=parent)

    with django_assert_max_num_queries(12):
        body = coordinator.get("/creche/children/?q=alex").content.decode()

    assert f"/creche/parents/{parent.pk}/" in body
    assert "Page 1 of 2" in body


def test_tablet_shows_who_may_and_must_never_collect(make_user, browser_client_for):
    booking = AttendanceFactory.create().booking
    AuthorisedCollectorFactory.create(child=booking.child, name="Jo Smith", relationship="Aunt",
                                      description="Red coat", check_question="First pet?",
                                      password="Rex")
    NeverCollectFactory.create(child=booking.child, name="Dan Example",
                               description="Tall, shaved head, court order")
    client = browser_client_for(make_user(Role.CRECHE_WORKER))

    body = client.get(f"/creche/sessions/{booking.creche_session_id}/").content.decode()

    assert "Must NEVER collect" in body and "Tall, shaved head, court order" in body
    assert "Red coat" in body and "First pet?" in body and "Rex" not in body


def test_a_refused_collection_on_the_tablet_alerts_the_coordinator(make_user, browser_client_for,
                                                                   coordinator):
    booking = AttendanceFactory.create().booking
    NeverCollectFactory.create(child=booking.child, name="Dan Example")
    tablet = browser_client_for(make_user(Role.CRECHE_WORKER))

    response = csrf_post(tablet, f"/creche/sessions/{booking.creche_session_id}/", {
        "action": "sign_out", "booking": booking.pk, "someone_else": "Dan Example"})
    alert = coordinator.get("/creche/").content.decode()
    incidents = coordinator.get("/creche/incidents/").content.decode()

    assert response.status_code == 422
    assert "Do not release the child" in response.content.decode()
    assert "1 refused collection not yet acknowledged" in alert
    assert "Dan Example" in incidents and "Acknowledge" in incidents
    assert CollectionIncident.objects.count() == 1


def test_today_page_navigates_between_days(make_user, browser_client_for):
    CrecheSessionFactory.create(starts_at=dt.datetime(2026, 10, 7, 9, 0, tzinfo=LONDON),
                                ends_at=dt.datetime(2026, 10, 7, 11, 0, tzinfo=LONDON),
                                capacity=5)
    client = browser_client_for(make_user(Role.CRECHE_WORKER))

    today = client.get("/creche/").content.decode()
    tomorrow = client.get("/creche/?day=2026-10-07").content.decode()

    assert "?day=2026-10-07" in today and "0 booked of 5" not in today
    assert "0 booked of 5" in tomorrow and "?day=2026-10-06" in tomorrow
