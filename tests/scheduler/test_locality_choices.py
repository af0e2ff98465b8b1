"""Venues and term calendars pick their locality from the provider's list: a <select> on the
desk pages, an id or a name in the API; anything not on the list (unknown, unmatched, blank)
is a field error and nothing is saved. Term calendars' free text was moved onto the list by
scheduler's migration 0007, with no name lost."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from scheduler.calendar import services
from scheduler.calendar.services.localities import locality_resolve
from scheduler.models import Locality, Term, TermCalendar, Venue
from scheduler.platform.roles import Role
from tests.factories import LocalityFactory, VenueFactory
from tests.scheduler.factories import TermCalendarFactory, TermFactory
from tests.scheduler.test_desk_pages import TERMS_ICS

pytestmark = pytest.mark.django_db
JSON = "application/json"
NOT_LISTED = "Not a locality on the provider's list."


@pytest.fixture
def planner(make_user, client_for):  # type: ignore[no-untyped-def]
    return client_for(make_user(Role.COORDINATOR))


@pytest.fixture
def coordinator(browser_client_for, make_user):  # type: ignore[no-untyped-def]
    return browser_client_for(make_user(Role.COORDINATOR))


def listed(name: str) -> Locality:
    return Locality.objects.get(name=name, unmatched=False)


def post(client, url, data):  # type: ignore[no-untyped-def]
    client.get(url)
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


def options(body: str, name: str = "locality") -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', body, re.S)
    assert select is not None, "no locality select on the page"
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))


# --- the API: an id or a name -----------------------------------------------------------

def test_a_venue_is_made_with_a_locality_id_or_a_name_in_any_case(planner):
    by_id = planner.post("/api/venues", {"name": "Hall", "locality": listed("Rutland").pk},
                         content_type=JSON)
    by_name = planner.post("/api/venues", {"name": "Barn", "locality": "  rutLAND "},
                           content_type=JSON)

    assert by_id.status_code == by_name.status_code == 201
    assert {(v.json()["locality"], v.json()["locality_id"]) for v in (by_id, by_name)} == {
        ("Rutland", listed("Rutland").pk)}


REF_HELP = "Give a locality's id or its name (GET /api/localities)"


@pytest.mark.parametrize(("locality", "message"), [
    (999_999, NOT_LISTED), ("Atlantis", NOT_LISTED), ("stray", NOT_LISTED),
    ("   ", "Give the locality"), (True, REF_HELP), (0, REF_HELP), ("", REF_HELP),
    ([1], REF_HELP), (None, REF_HELP)])
def test_a_venue_in_a_locality_off_the_list_is_a_field_error(planner, locality, message):
    stray = LocalityFactory.create(name="Stray", unmatched=True)
    if locality == "stray":  # unmatched: kept for old records, never picked for a new one
        locality = stray.pk

    response = planner.post("/api/venues", {"name": "Hall", "locality": locality},
                            content_type=JSON)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"][-1] == "locality" and error["msg"].endswith(message)
    assert not Venue.objects.exists()


def test_a_venue_update_to_an_unknown_locality_is_refused_and_changes_nothing(planner):
    venue = VenueFactory.create(name="Hall", locality="Melton")
    read = planner.get(f"/api/venues/{venue.pk}").json()
    body = {"name": "Renamed", "version": read["version"]}

    unknown = planner.put(f"/api/venues/{venue.pk}", body | {"locality": "Atlantis"},
                          content_type=JSON)
    missing = planner.put(f"/api/venues/{venue.pk}", body | {"locality": 999_999},
                          content_type=JSON)
    moved = planner.put(f"/api/venues/{venue.pk}",
                        body | {"locality": listed("Charnwood").pk}, content_type=JSON)

    for refused in (unknown, missing):
        assert refused.status_code == 422
        assert refused.json()["detail"] == [{"loc": ["body", "locality"], "msg": NOT_LISTED,
                                             "type": "value_error"}]
    assert moved.status_code == 200 and moved.json()["locality"] == "Charnwood"
    venue.refresh_from_db()
    assert (venue.name, venue.locality.name) == ("Renamed", "Charnwood")


def test_the_openapi_schema_offers_an_id_or_a_name(planner):
    schema = planner.get("/api/openapi.json").json()["components"]["schemas"]
    locality = schema["VenueIn"]["properties"]["locality"]
    assert sorted(option["type"] for option in locality["anyOf"]) == ["integer", "string"]
    assert "locality" in schema["VenueIn"]["required"]
    assert "locality_id" in schema["VenueOut"]["properties"]
    assert "locality_id" in schema["TermOut"]["properties"]


def test_a_term_makes_its_calendar_in_a_listed_locality_and_refuses_others(planner):
    body = {"calendar_name": "Melton schools", "season": "autumn", "name": "Autumn 2026",
            "starts_on": "2026-09-03", "ends_on": "2026-12-18"}

    unknown = planner.post("/api/terms", body | {"locality": "Atlantis"}, content_type=JSON)
    without = planner.post("/api/terms", body, content_type=JSON)
    made = planner.post("/api/terms", body | {"locality": listed("Melton").pk},
                        content_type=JSON)

    assert unknown.status_code == 422 and unknown.json()["detail"][0]["msg"] == NOT_LISTED
    assert without.status_code == 422
    assert without.json()["detail"][0]["loc"] == ["body", "locality"]
    assert made.status_code == 201
    assert (made.json()["locality"], made.json()["locality_id"]) == ("Melton",
                                                                      listed("Melton").pk)
    assert TermCalendar.objects.get().locality == listed("Melton")


def test_a_term_for_an_existing_calendar_needs_no_locality_but_refuses_another(planner):
    calendar = TermCalendarFactory.create(name="Rutland schools", locality="Rutland")
    body = {"calendar_name": "Rutland schools", "season": "spring", "name": "Spring 2027",
            "starts_on": "2027-01-04", "ends_on": "2027-03-26"}

    other = planner.post("/api/terms", body | {"locality": "Melton"}, content_type=JSON)
    same = planner.post("/api/terms", body | {"locality": "rutland"}, content_type=JSON)

    assert other.status_code == 422 and "is for Rutland" in other.json()["detail"][0]["msg"]
    assert same.status_code == 201 and same.json()["calendar_id"] == calendar.pk
    assert TermCalendar.objects.count() == 1


def test_an_import_into_a_new_calendar_in_an_unknown_locality_saves_nothing(planner):
    body = {"calendar_name": "Atlantis schools", "locality": "Atlantis", "ics": TERMS_ICS}

    preview = planner.post("/api/terms/import/preview", body, content_type=JSON)
    imported = planner.post("/api/terms/import", body, content_type=JSON)

    assert preview.status_code == imported.status_code == 422
    assert imported.json()["detail"][0]["loc"] == ["body", "locality"]
    assert not TermCalendar.objects.exists() and not Term.objects.exists()


def test_terms_are_listed_by_locality_name_in_any_case_or_by_id(planner):
    TermFactory.create(calendar__locality="Rutland")
    TermFactory.create(calendar__locality="Leicester City")

    by_name = planner.get("/api/terms?locality=rutland").json()["items"]
    by_id = planner.get(f"/api/terms?locality_id={listed('Rutland').pk}").json()["items"]

    assert [t["locality"] for t in by_name] == [t["locality"] for t in by_id] == ["Rutland"]


# --- the desk pages: a select of the listed localities ----------------------------------

def test_the_venue_form_offers_only_listed_localities(coordinator):
    LocalityFactory.create(name="Stray", unmatched=True)

    offered = options(coordinator.get("/calendar/venues/new/").content.decode())

    assert offered[0] == "Choose a locality"
    assert offered[1:] == list(Locality.objects.filter(unmatched=False).order_by("name")
                               .values_list("name", flat=True))
    assert "Stray" not in offered and "Stray (unmatched)" not in offered


def test_posting_an_unmatched_or_unknown_locality_to_the_venue_form_is_a_field_error(
        coordinator):
    stray = LocalityFactory.create(name="Stray", unmatched=True)
    for value in (stray.pk, 999_999, "Rutland"):
        response = post(coordinator, "/calendar/venues/new/",
                        {"name": "Hall", "locality": value, "address": "1 Typed Road"})
        body = response.content.decode()
        assert response.status_code == 422
        assert "Select a valid choice" in body and "1 Typed Road" in body
    assert not Venue.objects.exists()


def test_a_venue_still_in_an_unmatched_locality_says_so_and_must_pick_a_listed_one(
        coordinator):
    venue = VenueFactory.create(name="Old Hall",
                                locality=LocalityFactory.create(name="Leics Cty",
                                                                unmatched=True))
    url = f"/calendar/venues/{venue.pk}/edit/"

    body = coordinator.get(url).content.decode()
    saved = post(coordinator, url, {"name": "Old Hall", "locality": listed("Leicester City").pk,
                                    "version": services.venue_version(venue)})

    assert "It was “Leics Cty”, carried over from free text" in body
    assert "selected" not in re.search(r'<select name="locality".*?</select>', body,
                                       re.S).group(0)  # type: ignore[union-attr]
    assert saved.status_code == 302
    assert Venue.objects.get(pk=venue.pk).locality.name == "Leicester City"


def test_a_term_calendar_is_made_and_moved_with_the_locality_select(coordinator):
    made = post(coordinator, "/calendar/term-calendars/new/",
                {"name": "Melton schools", "locality": listed("Melton").pk})
    calendar = TermCalendar.objects.get()
    edit = f"/calendar/term-calendars/{calendar.pk}/edit/"
    form = coordinator.get(edit).content.decode()
    moved = post(coordinator, edit, {"name": "Melton schools",
                                     "locality": listed("Rutland").pk,
                                     "version": services.calendar_version(calendar)})
    refused = post(coordinator, "/calendar/term-calendars/new/",
                   {"name": "Nowhere schools", "locality": "Atlantis"})

    assert made.status_code == moved.status_code == 302
    assert re.search(rf'<option value="{listed("Melton").pk}" selected>Melton</option>', form)
    assert TermCalendar.objects.get(pk=calendar.pk).locality == listed("Rutland")
    assert refused.status_code == 422 and "Select a valid choice" in refused.content.decode()
    assert TermCalendar.objects.count() == 1


def test_the_ics_import_into_a_calendar_still_in_an_unmatched_locality_works(coordinator):
    calendar = TermCalendarFactory.create(
        locality=LocalityFactory.create(name="Old District", unmatched=True))
    url = f"/calendar/term-calendars/{calendar.pk}/import/"

    applied = post(coordinator, url, {"action": "apply", "ics": TERMS_ICS})

    assert applied.status_code == 302
    assert Term.objects.get().calendar == calendar


@pytest.mark.parametrize("count", [2, 12])
def test_the_term_calendar_list_reads_localities_without_n_plus_one(
        coordinator, django_assert_max_num_queries, count):
    for n in range(count):
        TermFactory.create(calendar__locality=f"District {n}")
    with django_assert_max_num_queries(12):
        body = coordinator.get("/calendar/term-calendars/").content.decode()
    assert "District 1" in body


def test_merging_an_unmatched_locality_moves_its_term_calendars():
    stray = LocalityFactory.create(name="Rutland CC", unmatched=True)
    calendar = TermCalendarFactory.create(locality=stray)

    locality_resolve(locality=stray, into=listed("Rutland"))

    assert TermCalendar.objects.get(pk=calendar.pk).locality == listed("Rutland")
    assert not Locality.objects.filter(pk=stray.pk).exists()


# --- the migration that moved term calendars' free text onto the list ------------------

@pytest.mark.django_db(transaction=True)
def test_the_migration_maps_calendars_by_name_and_adds_the_rest_as_unmatched(capsys):
    executor = MigrationExecutor(connection)
    before = [("scheduler", "0006_localities")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    old_locality = old.get_model("scheduler", "Locality")
    old_locality.objects.create(name="Leics County", unmatched=True)  # from a venue (0006)
    calendars = old.get_model("scheduler", "TermCalendar").objects
    made = {label: calendars.create(name=label, locality=text).pk for label, text in [
        ("a", "  rutland "), ("b", "MELTON"), ("c", "leics  county"), ("d", "Oakham Academy"),
        ("e", "oakham academy"), ("f", "")]}
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    def of(label: str) -> tuple[str, bool]:
        found = TermCalendar.objects.select_related("locality").get(pk=made[label]).locality
        return found.name, found.unmatched

    assert [of(label) for label in "abcdef"] == [
        ("Rutland", False), ("Melton", False), ("Leics County", True),
        ("Oakham Academy", True), ("Oakham Academy", True), ("Not recorded", True)]
    said = capsys.readouterr().out
    assert ("Term calendars: 2 in a listed locality, 4 in an unmatched one to resolve on the "
            "localities page; unmatched localities added: Not recorded, Oakham Academy") in said

    # And back: each calendar's locality is its text again (rows kept), then forward again
    # so the rest of the suite has the latest schema.
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    back = executor.loader.project_state(before).apps.get_model("scheduler", "TermCalendar")
    assert dict(back.objects.values_list("name", "locality")) == {
        "a": "Rutland", "b": "Melton", "c": "Leics County", "d": "Oakham Academy",
        "e": "Oakham Academy", "f": "Not recorded"}
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
