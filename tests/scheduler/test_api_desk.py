"""The API's venue, room and closure updates and the .ics import preview call the same services
as the desk pages: the same refusals (stale versions, duplicates), the same bounds."""

from __future__ import annotations

import datetime as dt

import pytest

from scheduler.models import Closure, Room, Term, Venue
from scheduler.platform.roles import Role
from tests.factories import RoomFactory, VenueFactory
from tests.scheduler.factories import ClosureFactory
from tests.scheduler.test_desk_pages import TERMS_ICS

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def planner(make_user, client_for):
    return client_for(make_user(Role.COORDINATOR))


def test_venue_update_with_the_version_read_then_a_stale_one(planner):
    venue = VenueFactory.create(name="Before")
    read = planner.get(f"/api/venues/{venue.pk}").json()
    body = {"name": "After", "locality": read["locality"], "is_confidential": True,
            "version": read["version"]}

    first = planner.put(f"/api/venues/{venue.pk}", body, content_type=JSON)
    second = planner.put(f"/api/venues/{venue.pk}", body | {"name": "Again"}, content_type=JSON)

    assert first.status_code == 200 and first.json()["name"] == "After"
    assert first.json()["version"] != read["version"]
    assert second.status_code == 422
    assert second.json()["detail"][0]["loc"] == ["body", "version"]
    venue.refresh_from_db()
    assert (venue.name, venue.is_confidential) == ("After", True)


def test_venue_update_is_refused_to_a_facilitator(make_user, client_for):
    venue = VenueFactory.create(name="Before")
    response = client_for(make_user(Role.FACILITATOR)).put(
        f"/api/venues/{venue.pk}", {"name": "X", "locality": "Y"}, content_type=JSON)
    assert response.status_code == 403
    assert Venue.objects.get().name == "Before"


def test_room_update_refuses_a_duplicate_name(planner):
    room = RoomFactory.create(name="Blue")
    RoomFactory.create(venue=room.venue, name="Green")
    response = planner.put(f"/api/rooms/{room.pk}", {"name": "Green", "capacity": 4},
                           content_type=JSON)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == [
        "body", "name"]
    ok = planner.put(f"/api/rooms/{room.pk}", {"name": "Navy", "capacity": 4},
                     content_type=JSON)
    assert ok.status_code == 200 and Room.objects.get(pk=room.pk).capacity == 4


def test_closure_update_checks_like_create_and_refuses_a_stale_version(planner):
    closure = ClosureFactory.create()
    listed = planner.get("/api/closures?start=2026-09-01&end=2026-09-30").json()["items"]
    version = next(c["version"] for c in listed if c["id"] == closure.pk)
    body = {"kind": "organisation", "starts_on": "2026-09-22", "ends_on": "2026-09-23",
            "reason": "Training", "version": version}

    bad = planner.put(f"/api/closures/{closure.pk}", body | {"kind": "venue"}, content_type=JSON)
    good = planner.put(f"/api/closures/{closure.pk}", body, content_type=JSON)
    stale = planner.put(f"/api/closures/{closure.pk}", body | {"reason": "X"},
                        content_type=JSON)

    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "venue_id"]
    assert good.status_code == 200 and good.json()["ends_on"] == "2026-09-23"
    assert stale.status_code == 422
    assert Closure.objects.get().reason == "Training"


def test_import_preview_saves_nothing_and_matches_the_import(planner):
    body = {"calendar_name": "Rutland schools", "locality": "Rutland", "ics": TERMS_ICS}
    preview = planner.post("/api/terms/import/preview", body, content_type=JSON)
    assert preview.status_code == 200
    assert not Term.objects.exists()
    assert preview.json() == [{"season": "spring", "name": "Spring term 2027",
                               "starts_on": "2027-01-04", "ends_on": "2027-03-26",
                               "half_term_starts_on": "2027-02-15",
                               "half_term_ends_on": "2027-02-19"}]
    created = planner.post("/api/terms/import", body, content_type=JSON)
    assert created.status_code == 201
    assert [{k: t[k] for k in preview.json()[0]} for t in created.json()] == preview.json()
    again = planner.post("/api/terms/import/preview", body, content_type=JSON)
    assert again.status_code == 422  # would overlap the imported term
    assert Term.objects.get().starts_on == dt.date(2027, 1, 4)


def test_import_preview_of_garbage_is_422(planner):
    response = planner.post("/api/terms/import/preview", {
        "calendar_name": "X", "locality": "Y", "ics": "BEGIN:VCALENDAR\nnonsense"},
        content_type=JSON)
    assert response.status_code == 422
