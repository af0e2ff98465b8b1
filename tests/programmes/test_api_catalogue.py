from __future__ import annotations

import pytest

from programmes.models import ProgrammeType
from scheduler.platform.roles import Role
from tests.factories import (
    EnrolmentFactory,
    GroupRunFactory,
    ProgrammeTypeFactory,
    RoomFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

NEW = {"name": "Parenting after abuse", "slug": "parenting-after-abuse", "audience": "parents",
       "delivery": "closed", "session_count": 8, "completion_min_sessions": 6,
       "topics": [{"title": "Welcome"}, {"title": "Routines", "is_core": False}]}


@pytest.fixture
def coordinator(client_for, make_user):
    return client_for(make_user(Role.COORDINATOR))


def test_programme_list_shows_the_shipped_catalogue(coordinator):
    response = coordinator.get("/api/programmes?limit=50")

    slugs = {p["slug"] for p in response.json()["items"]}
    assert slugs == {"freedom-programme", "recovery-toolkit", "respect-young-peoples-toolkit",
                     "perpetrator-programme", "drop-in", "training-awareness",
                     "community-event"}


@pytest.mark.parametrize("extra", [1, 3])
def test_programme_list_query_count_does_not_grow_with_rows(extra, coordinator,
                                                            django_assert_max_num_queries):
    for _ in range(extra):
        TopicFactory.create(programme=ProgrammeTypeFactory.create())

    with django_assert_max_num_queries(6):
        response = coordinator.get("/api/programmes?limit=50")

    assert response.json()["count"] == 7 + extra


def test_programme_create_with_ordered_topics(coordinator):
    response = coordinator.post("/api/programmes", NEW, content_type="application/json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert [(t["order"], t["title"], t["is_core"]) for t in body["topics"]] == [
        (1, "Welcome", True), (2, "Routines", False)]


def test_programme_create_with_bad_ranges_is_a_field_level_422_and_saves_nothing(coordinator):
    bad = {**NEW, "age_min": 18, "age_max": 11}

    response = coordinator.post("/api/programmes", bad, content_type="application/json")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "age_max"]
    assert not ProgrammeType.objects.filter(slug=NEW["slug"]).exists()


def test_programme_create_with_duplicate_topics_saves_nothing(coordinator):
    bad = {**NEW, "topics": [{"title": "Same"}, {"title": "Same"}]}

    response = coordinator.post("/api/programmes", bad, content_type="application/json")

    assert response.status_code == 422
    assert not ProgrammeType.objects.filter(slug=NEW["slug"]).exists()


def test_programme_patch_changes_the_completion_rule(coordinator):
    programme = ProgrammeType.objects.get(slug="perpetrator-programme")

    response = coordinator.patch(f"/api/programmes/{programme.pk}",
                                 {"completion_min_sessions": 24},
                                 content_type="application/json")

    programme.refresh_from_db()
    assert response.status_code == 200
    assert (programme.completion_min_sessions, programme.session_count) == (24, 26)


def test_programme_patch_refuses_a_threshold_above_the_session_count(coordinator):
    programme = ProgrammeType.objects.get(slug="perpetrator-programme")

    response = coordinator.patch(f"/api/programmes/{programme.pk}",
                                 {"completion_min_sessions": 30},
                                 content_type="application/json")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "completion_min_sessions"]


def test_programme_unknown_id_is_404(coordinator):
    assert coordinator.get("/api/programmes/999999").status_code == 404


def test_facilitator_cannot_edit_the_catalogue(client_for, make_user):
    programme = ProgrammeType.objects.get(slug="drop-in")

    response = client_for(make_user(Role.FACILITATOR)).patch(
        f"/api/programmes/{programme.pk}", {"name": "x"}, content_type="application/json")

    assert response.status_code == 403


def test_topics_replace_keeps_order(coordinator):
    programme = ProgrammeTypeFactory.create(delivery="rolling")

    response = coordinator.put(f"/api/programmes/{programme.pk}/topics",
                               [{"title": "B"}, {"title": "A"}], content_type="application/json")

    assert [t["title"] for t in response.json()] == ["B", "A"]


def test_run_create_with_facilitators(coordinator, make_user):
    room = RoomFactory.create()
    facilitator = make_user(Role.FACILITATOR)
    programme = ProgrammeType.objects.get(slug="recovery-toolkit")

    response = coordinator.post("/api/runs", {
        "programme_id": programme.pk, "name": "RT Tuesday", "venue_id": room.venue_id,
        "room_id": room.pk, "capacity": 10, "facilitator_ids": [facilitator.pk]},
        content_type="application/json")

    assert response.status_code == 201, response.content
    assert (response.json()["facilitator_ids"], response.json()["status"]) == (
        [facilitator.pk], "planned")


def test_run_create_with_a_room_at_another_venue_is_422(coordinator):
    room, other = RoomFactory.create(), RoomFactory.create()

    response = coordinator.post("/api/runs", {
        "programme_id": ProgrammeType.objects.get(slug="drop-in").pk, "name": "x",
        "venue_id": other.venue_id, "room_id": room.pk, "capacity": 10},
        content_type="application/json")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "room"]


def test_run_create_with_unknown_programme_is_field_level_422(coordinator):
    room = RoomFactory.create()

    response = coordinator.post("/api/runs", {"programme_id": 999999, "name": "x",
                                              "venue_id": room.venue_id, "capacity": 5},
                                content_type="application/json")

    assert response.json()["detail"][0]["loc"] == ["body", "programme_id"]


def test_run_patch_status(coordinator):
    run = GroupRunFactory.create()

    response = coordinator.patch(f"/api/runs/{run.pk}", {"status": "finished"},
                                 content_type="application/json")

    assert response.json()["status"] == "finished"


@pytest.mark.parametrize("n", [1, 3])
def test_run_list_query_count(n, coordinator, make_user, django_assert_max_num_queries):
    for _ in range(n):
        GroupRunFactory.create(facilitators=[make_user(Role.FACILITATOR)])

    with django_assert_max_num_queries(5):
        response = coordinator.get("/api/runs")

    assert response.json()["count"] == n


def test_facilitator_sees_only_runs_they_facilitate(client_for, make_user):
    facilitator = make_user(Role.FACILITATOR)
    mine = GroupRunFactory.create(facilitators=[facilitator])
    GroupRunFactory.create()

    response = client_for(facilitator).get("/api/runs")

    assert [r["id"] for r in response.json()["items"]] == [mine.pk]


def test_run_patch_refuses_to_reopen_a_finished_run(coordinator):
    run = GroupRunFactory.create(status="finished")

    response = coordinator.patch(f"/api/runs/{run.pk}", {"status": "running"},
                                 content_type="application/json")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "status"]


def test_run_patch_refuses_capacity_below_places_taken(coordinator):
    run = GroupRunFactory.create(capacity=3)
    EnrolmentFactory.create_batch(2, run=run, status="started")

    response = coordinator.patch(f"/api/runs/{run.pk}", {"capacity": 1},
                                 content_type="application/json")

    run.refresh_from_db()
    assert (response.status_code, run.capacity) == (422, 3)


@pytest.mark.parametrize("field", ["capacity", "name", "status", "venue_id"])
def test_run_patch_with_a_required_field_set_to_null_is_a_field_level_422(coordinator, field):
    run = GroupRunFactory.create(capacity=12)
    response = coordinator.patch(f"/api/runs/{run.pk}", {field: None},
                                 content_type="application/json")
    assert response.status_code == 422
    run.refresh_from_db()
    assert run.capacity == 12
