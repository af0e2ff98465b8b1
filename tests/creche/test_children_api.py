"""The children/collectors/incidents API: crèche staff and coordinators only, field-level 422s."""

import pytest

from creche.models import AuthorisedCollector, Child, CollectionIncident
from scheduler.platform.roles import Role
from tests.creche.factories import (
    AttendanceFactory,
    AuthorisedCollectorFactory,
    ChildFactory,
    CrecheBookingFactory,
    NeverCollectFactory,
    staffed_creche,
)
from tests.factories import ParticipantFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_the_creche_day")]


def post(client, url, data=None):  # type: ignore[no-untyped-def]
    return client.post(url, data=data or {}, content_type="application/json")


def fields(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    found: dict[str, str] = {}
    for item in response.json()["detail"]:
        found[item["loc"][-1]] = found.get(item["loc"][-1], "") + item["msg"]
    return found


@pytest.fixture
def coordinator(make_user, client_for):  # type: ignore[no-untyped-def]
    return client_for(make_user(Role.COORDINATOR))


def child_urls(child: Child) -> list[str]:
    return [f"/api/creche/parents/{child.parent_id}/children", f"/api/creche/children/{child.pk}",
            "/api/creche/incidents"]


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.MANAGER])
def test_facilitators_and_managers_never_see_children_or_collectors(make_user, client_for, role):
    child = AuthorisedCollectorFactory.create(child__allergies="Peanuts").child
    api = client_for(make_user(role))

    reads = [api.get(url).status_code for url in child_urls(child)]
    writes = [post(api, f"/api/creche/children/{child.pk}/collectors",
                   {"name": "X", "relationship": "Y"}).status_code,
              post(api, f"/api/creche/parents/{child.parent_id}/children",
                   {"known_as": "X", "date_of_birth": "2023-01-01"}).status_code]

    assert reads + writes == [403] * 5
    assert AuthorisedCollector.objects.count() == 1


@pytest.mark.parametrize("role", [Role.CRECHE_WORKER, Role.COORDINATOR, Role.ADMIN])
def test_creche_staff_see_the_restricted_fields(make_user, client_for, role):
    child = ChildFactory.create(allergies="Peanuts", medical_notes="Inhaler")
    NeverCollectFactory.create(child=child, name="Dan Example", description="Tall, beard")
    AuthorisedCollectorFactory.create(child=child, name="Jo", check_question="Pet?",
                                      password="Rex")

    body = client_for(make_user(role)).get(f"/api/creche/children/{child.pk}").json()

    assert (body["reference"], body["allergies"], body["medical_notes"],
            body["photo_consent"]) == (child.reference, "Peanuts", "Inhaler", False)
    assert [(c["name"], c["check_question"], c["needs_password"]) for c in body["collectors"]] \
        == [("Jo", "Pet?", True)]
    assert "password" not in body["collectors"][0]
    assert [n["description"] for n in body["never_collect"]] == ["Tall, beard"]


def test_add_a_child_then_a_collector_and_a_never_collect_entry(coordinator):
    parent = ParticipantFactory.create()

    made = post(coordinator, f"/api/creche/parents/{parent.pk}/children",
                {"known_as": "Mia", "date_of_birth": "2023-05-01", "allergies": "Nuts"})
    child_id = made.json()["id"]
    collector = post(coordinator, f"/api/creche/children/{child_id}/collectors",
                     {"name": "Jo Smith", "relationship": "Aunt", "description": "Red coat"})
    never = post(coordinator, f"/api/creche/children/{child_id}/never-collect",
                 {"name": "Dan", "description": "Father, court order"})
    listed = coordinator.get(f"/api/creche/parents/{parent.pk}/children").json()

    assert (made.status_code, collector.status_code, never.status_code) == (201, 201, 201)
    assert made.json()["photo_consent"] is False
    assert [c["known_as"] for c in listed["items"]] == ["Mia"]


def test_a_collector_on_the_never_collect_list_is_a_field_level_422(coordinator):
    entry = NeverCollectFactory.create(name="Dan Example")

    response = post(coordinator, f"/api/creche/children/{entry.child_id}/collectors",
                    {"name": "dan EXAMPLE", "relationship": "Father"})

    assert response.status_code == 422
    assert "never to collect" in fields(response)["name"]
    assert not AuthorisedCollector.objects.exists()


def test_a_child_born_in_the_future_is_a_field_level_422(coordinator):
    parent = ParticipantFactory.create()

    response = post(coordinator, f"/api/creche/parents/{parent.pk}/children",
                    {"known_as": "Mia", "date_of_birth": "2030-01-01"})

    assert response.status_code == 422
    assert "future" in fields(response)["date_of_birth"]


def test_never_collect_with_an_unknown_participant_is_422(coordinator):
    child = ChildFactory.create()

    response = post(coordinator, f"/api/creche/children/{child.pk}/never-collect",
                    {"description": "X", "participant_id": 999999})

    assert response.status_code == 422
    assert "participant_id" in fields(response)


def test_removing_a_collector_stops_them_collecting(coordinator):
    collector = AuthorisedCollectorFactory.create()

    response = post(coordinator, f"/api/creche/collectors/{collector.pk}/remove")

    assert response.status_code == 204
    assert coordinator.get(f"/api/creche/children/{collector.child_id}").json()[
        "collectors"] == []


def test_incidents_are_listed_and_a_coordinator_acknowledges(make_user, client_for, coordinator):
    booking = AttendanceFactory.create().booking
    worker = client_for(make_user(Role.CRECHE_WORKER))
    refused = post(worker, f"/api/creche/bookings/{booking.pk}/sign-out",
                   {"collected_by": "A Stranger"})
    incident = CollectionIncident.objects.get()

    open_ = coordinator.get("/api/creche/incidents?unacknowledged=true").json()
    by_worker = post(worker, f"/api/creche/incidents/{incident.pk}/acknowledge")
    done = post(coordinator, f"/api/creche/incidents/{incident.pk}/acknowledge")

    assert refused.status_code == 422
    assert [i["attempted_by"] for i in open_["items"]] == ["A Stranger"]
    assert (by_worker.status_code, done.status_code) == (403, 200)
    assert coordinator.get("/api/creche/incidents?unacknowledged=true").json()["count"] == 0


def test_record_sign_in_after_the_fact_needs_a_reason(make_user, client_for):
    booking = CrecheBookingFactory.create(creche_session=staffed_creche())
    api = client_for(make_user(Role.CRECHE_WORKER))

    missing = post(api, f"/api/creche/bookings/{booking.pk}/record-sign-in",
                   {"at": "2026-10-06T08:50:00+01:00", "reason": ""})
    done = post(api, f"/api/creche/bookings/{booking.pk}/record-sign-in",
                {"at": "2026-10-06T08:50:00+01:00", "reason": "Tablet was flat"})

    assert (missing.status_code, done.status_code) == (422, 200)
    assert done.json()["signed_in_at"].startswith("2026-10-06T07:50")


@pytest.mark.parametrize("count", [1, 3])
def test_children_list_query_count(coordinator, django_assert_max_num_queries, count):
    parent = ParticipantFactory.create()
    ChildFactory.create_batch(count, parent=parent)

    with django_assert_max_num_queries(6):  # + 1 access-log insert
        response = coordinator.get(f"/api/creche/parents/{parent.pk}/children")

    assert response.json()["count"] == count
