"""The calendar API over real HTTP: roles, 4xx on bad input, scoping and query counts."""

import datetime as dt

import pytest
import time_machine

from scheduler.calendar.enums import SessionStatus
from scheduler.models import Schedule, Session, Venue
from scheduler.platform.roles import Role
from tests.factories import LONDON
from tests.scheduler.factories import (
    TermFactory,
    freedom_run,
    keep_apart,
    make_enrolment,
    make_room,
    make_run,
    make_session,
)

pytestmark = pytest.mark.django_db

TUE_10 = dt.datetime(2026, 11, 3, 10, tzinfo=LONDON)
AUTUMN = {"rule": "RRULE:FREQ=WEEKLY;BYDAY=TU", "start_date": "2026-09-08",
          "start_time": "10:00", "duration_minutes": 120, "target_sessions": 12}
JSON = "application/json"


@pytest.fixture
def planner(make_user, client_for):  # type: ignore[no-untyped-def]
    return client_for(make_user(Role.COORDINATOR))


def test_venue_address_is_shown_to_planners_only(make_user, client_for, planner):
    make_room(venue__is_confidential=True, venue__address="1 Secret Road")
    facilitator = client_for(make_user(Role.FACILITATOR))

    assert planner.get("/api/venues").json()["items"][0]["address"] == "1 Secret Road"
    assert facilitator.get("/api/venues").json()["items"][0]["address"] is None


def test_venue_create_with_rooms_then_duplicate_is_422(planner):
    body = {"name": "Hall", "locality": "Rutland", "rooms": [{"name": "A", "capacity": 10}]}

    created = planner.post("/api/venues", body, content_type=JSON)
    again = planner.post("/api/venues", body, content_type=JSON)

    assert created.status_code == 201 and created.json()["rooms"][0]["capacity"] == 10
    assert again.status_code == 422 and again.json()["detail"][0]["loc"] == ["body", "name"]


def test_venue_create_is_refused_to_facilitators(make_user, client_for):
    response = client_for(make_user(Role.FACILITATOR)).post("/api/venues", {},
                                                             content_type=JSON)
    assert response.status_code == 403 and Venue.objects.count() == 0


@pytest.mark.parametrize("count", [1, 3])
def test_venue_list_query_count_does_not_grow(planner, django_assert_max_num_queries, count):
    for _ in range(count):
        make_room()
    with django_assert_max_num_queries(6):
        assert len(planner.get("/api/venues").json()["items"]) == count


def test_term_with_end_before_start_is_422(planner):
    body = {"calendar_name": "LCC", "locality": "Leicester City", "season": "autumn",
            "name": "Autumn 2026", "starts_on": "2026-12-18", "ends_on": "2026-09-03"}

    response = planner.post("/api/terms", body, content_type=JSON)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "ends_on"]


def test_terms_import_from_ics_reads_terms_and_half_terms(planner):
    ics = "\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//LA//Terms//EN",
        "BEGIN:VEVENT", "UID:1", "DTSTAMP:20260101T000000Z", "SUMMARY:Autumn term",
        "DTSTART;VALUE=DATE:20260903", "DTEND;VALUE=DATE:20261219", "END:VEVENT",
        "BEGIN:VEVENT", "UID:2", "DTSTAMP:20260101T000000Z", "SUMMARY:Autumn half term",
        "DTSTART;VALUE=DATE:20261026", "DTEND;VALUE=DATE:20261031", "END:VEVENT",
        "END:VCALENDAR", ""])

    response = planner.post("/api/terms/import", {"calendar_name": "LCC",
                                                  "locality": "Leicester City",
                                                  "ics": ics}, content_type=JSON)

    assert response.status_code == 201
    term = response.json()[0]
    assert (term["season"], term["ends_on"], term["half_term_starts_on"],
            term["half_term_ends_on"]) == ("autumn", "2026-12-18", "2026-10-26", "2026-10-30")


def test_closures_list_includes_bank_holidays_and_stored_closures(planner):
    made = planner.post("/api/closures", {"kind": "organisation", "starts_on": "2026-12-24",
                                          "ends_on": "2026-12-24", "reason": "Staff day"},
                        content_type=JSON)

    listed = planner.get("/api/closures?start=2026-12-20&end=2026-12-31").json()["items"]

    assert made.status_code == 201
    assert [(c["starts_on"], c["reason"]) for c in listed] == [
        ("2026-12-24", "Staff day"), ("2026-12-25", "Christmas Day"),
        ("2026-12-26", "Boxing Day"), ("2026-12-28", "Boxing Day (observed)")]


def test_venue_closure_without_a_venue_is_422(planner):
    response = planner.post("/api/closures", {"kind": "venue", "starts_on": "2026-12-24",
                                              "ends_on": "2026-12-24", "reason": "Boiler"},
                            content_type=JSON)
    assert response.status_code == 422


@time_machine.travel(dt.datetime(2026, 8, 1, tzinfo=LONDON), tick=False)
def test_schedule_preview_then_generate_for_the_autumn_term(planner):
    run = freedom_run()
    body = {**AUTUMN, "calendar_ids": [TermFactory().calendar.pk]}  # type: ignore[attr-defined]

    preview = planner.post(f"/api/runs/{run.pk}/schedule", body, content_type=JSON).json()
    assert Session.objects.count() == 0
    generated = planner.put(f"/api/runs/{run.pk}/schedule", body, content_type=JSON)

    assert preview["skipped"] == [{"date": "2026-10-27", "reason": "Half-term (Autumn 2026)"}]
    assert len(preview["sessions"]) == 12 and preview["clashes"] == []
    assert generated.status_code == 200
    starts = [s["starts_at"] for s in generated.json()]
    assert starts[6] == "2026-10-20T10:00:00+01:00" and starts[7] == "2026-11-03T10:00:00Z"  # GMT
    assert planner.get(f"/api/runs/{run.pk}/schedule").json()["target_sessions"] == 12


@time_machine.travel(dt.datetime(2026, 8, 1, tzinfo=LONDON), tick=False)
@pytest.mark.parametrize("words", [
    {"rule": "", "weekdays": [1], "every_weeks": 1},  # plain words: Tuesdays, every week
    {"rule": "FREQ=WEEKLY;BYDAY=TU"},  # a rule without the RRULE: prefix
])
def test_schedule_accepts_plain_words_or_a_bare_rule(planner, words):
    run = freedom_run()
    body = {**AUTUMN, **words, "calendar_ids": [TermFactory().calendar.pk]}  # type: ignore[attr-defined]

    preview = planner.post(f"/api/runs/{run.pk}/schedule", body, content_type=JSON)

    assert preview.status_code == 200, preview.content
    assert len(preview.json()["sessions"]) == 12
    assert preview.json()["skipped"] == [{"date": "2026-10-27",
                                          "reason": "Half-term (Autumn 2026)"}]


@time_machine.travel(dt.datetime(2026, 8, 1, tzinfo=LONDON), tick=False)
def test_schedule_fortnightly_in_plain_words_and_both_forms_at_once_is_422(planner):
    run = freedom_run()
    fortnightly = {**AUTUMN, "rule": "", "weekdays": [1], "every_weeks": 2, "target_sessions": 3}
    both = {**AUTUMN, "weekdays": [1]}

    dates = [s["starts_at"][:10] for s in planner.post(
        f"/api/runs/{run.pk}/schedule", fortnightly, content_type=JSON).json()["sessions"]]
    refused = planner.post(f"/api/runs/{run.pk}/schedule", both, content_type=JSON)

    assert dates == ["2026-09-08", "2026-09-22", "2026-10-06"]
    assert refused.status_code == 422


@time_machine.travel(dt.datetime(2026, 8, 1, tzinfo=LONDON), tick=False)
def test_schedule_with_a_rule_that_cannot_reach_the_target_is_422_and_saves_nothing(planner):
    run = freedom_run()
    body = {**AUTUMN, "rule": "RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=3"}

    response = planner.put(f"/api/runs/{run.pk}/schedule", body, content_type=JSON)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "target_sessions"]
    assert (Schedule.objects.count(), Session.objects.count()) == (0, 0)


@time_machine.travel(dt.datetime(2026, 8, 1, tzinfo=LONDON), tick=False)
def test_schedule_preview_shows_room_clash_and_generate_refuses_it(planner):
    other = make_session(starts_at=dt.datetime(2026, 9, 15, 11, tzinfo=LONDON),
                         ends_at=dt.datetime(2026, 9, 15, 13, tzinfo=LONDON))
    run = freedom_run(room=other.room)

    preview = planner.post(f"/api/runs/{run.pk}/schedule", AUTUMN, content_type=JSON).json()
    refused = planner.put(f"/api/runs/{run.pk}/schedule", AUTUMN, content_type=JSON)

    assert [(c["rule"], c["severity"]) for c in preview["clashes"]] == [("room_overlap", "block")]
    assert refused.status_code == 422 and run.sessions.count() == 0


def test_schedule_of_unknown_run_is_404(planner):
    assert planner.post("/api/runs/999/schedule", AUTUMN, content_type=JSON).status_code == 404


def test_sessions_list_shows_facilitators_only_their_sessions(make_user, client_for):
    me = make_user(Role.FACILITATOR)
    mine = make_session(run=make_run(facilitators=[me]))
    make_session()

    items = client_for(me).get("/api/sessions").json()["items"]

    assert [s["id"] for s in items] == [mine.pk]


def test_sessions_list_filters_by_local_date_range(planner):
    inside = make_session(starts_at=TUE_10, ends_at=TUE_10 + dt.timedelta(hours=2))
    make_session(starts_at=TUE_10 + dt.timedelta(days=7),
                 ends_at=TUE_10 + dt.timedelta(days=7, hours=2))

    items = planner.get("/api/sessions?start=2026-11-01&end=2026-11-07").json()["items"]

    assert [s["id"] for s in items] == [inside.pk]


@pytest.mark.parametrize("count", [1, 3])
def test_sessions_list_query_count_does_not_grow(planner, django_assert_max_num_queries, count):
    for _ in range(count):
        make_session()
    with django_assert_max_num_queries(14):  # the page's clash summaries: a fixed number
        assert len(planner.get("/api/sessions").json()["items"]) == count


def test_sessions_list_carries_each_sessions_clash_summary_without_who_or_why(
        planner, make_user, client_for):
    me = make_user(Role.FACILITATOR)
    mine = make_session(run=make_run(facilitators=[me]), starts_at=TUE_10,
                        ends_at=TUE_10 + dt.timedelta(hours=2))
    theirs = make_session(run=make_run(room=make_room(venue=mine.run.venue)), starts_at=TUE_10,
                          ends_at=TUE_10 + dt.timedelta(hours=2))
    keep_apart(make_enrolment(run=mine.run).participant,
               make_enrolment(run=theirs.run).participant)
    quiet = make_session(starts_at=TUE_10, ends_at=TUE_10 + dt.timedelta(hours=2))

    listed = {s["id"]: s for s in planner.get("/api/sessions").json()["items"]}
    as_facilitator = client_for(me).get("/api/sessions")

    assert listed[mine.pk]["clash_summary"] == {"blocking": 1, "warnings": 0,
                                                "rules": ["keep_apart"]}
    assert listed[quiet.pk]["clash_summary"] == {"blocking": 0, "warnings": 0, "rules": []}
    assert as_facilitator.json()["items"][0]["clash_summary"]["rules"] == ["keep_apart"]
    assert "participant" not in as_facilitator.content.decode()


def test_session_patch_cancel_then_move_of_cancelled_is_422(planner):
    session = make_session()

    cancelled = planner.patch(f"/api/sessions/{session.pk}",
                              {"action": "cancel", "reason": "Snow"}, content_type=JSON)
    moved = planner.patch(f"/api/sessions/{session.pk}",
                          {"action": "move", "starts_at": TUE_10.isoformat(),
                           "ends_at": (TUE_10 + dt.timedelta(hours=2)).isoformat()},
                          content_type=JSON)

    assert cancelled.json()["status"] == SessionStatus.CANCELLED
    assert cancelled.json()["sequence"] == 1
    assert moved.status_code == 422


def test_session_patch_move_without_times_is_422(planner):
    session = make_session()
    response = planner.patch(f"/api/sessions/{session.pk}", {"action": "move"},
                             content_type=JSON)
    assert response.status_code == 422


def test_session_patch_is_refused_to_facilitators(make_user, client_for):
    me = make_user(Role.FACILITATOR)
    session = make_session(run=make_run(facilitators=[me]))
    response = client_for(me).patch(f"/api/sessions/{session.pk}",
                                    {"action": "cancel", "reason": "x"}, content_type=JSON)
    assert response.status_code == 403


def test_run_sessions_add_catch_up(planner):
    run = make_run()
    body = {"kind": "catch_up", "starts_at": TUE_10.isoformat(),
            "ends_at": (TUE_10 + dt.timedelta(hours=1)).isoformat()}

    response = planner.post(f"/api/runs/{run.pk}/sessions", body, content_type=JSON)

    assert response.status_code == 201 and response.json()["kind"] == "catch_up"


def test_keep_apart_clash_is_shown_to_facilitators_without_people(make_user, client_for,
                                                                   planner):
    me = make_user(Role.FACILITATOR)
    mine = make_session(run=make_run(facilitators=[me]), starts_at=TUE_10,
                        ends_at=TUE_10 + dt.timedelta(hours=2))
    later = TUE_10 + dt.timedelta(hours=2, minutes=30)
    other = make_session(run=make_run(room=make_room(venue=mine.run.venue)), starts_at=later,
                         ends_at=later + dt.timedelta(hours=2))
    keep_apart(make_enrolment(run=mine.run).participant,
               make_enrolment(run=other.run).participant)

    seen_by_me = client_for(me).get(f"/api/sessions/{mine.pk}").json()["clashes"]
    seen_by_planner = planner.get(f"/api/sessions/{mine.pk}").json()["clashes"]

    assert [(c["rule"], c["detail"]) for c in seen_by_me] == [("keep_apart", "")]
    assert "participants" in seen_by_planner[0]["detail"]


def test_room_added_to_a_venue_and_duplicate_name_is_422(planner):
    venue = make_room().venue

    made = planner.post(f"/api/venues/{venue.pk}/rooms", {"name": "Annex", "capacity": 6},
                        content_type=JSON)
    again = planner.post(f"/api/venues/{venue.pk}/rooms", {"name": "Annex", "capacity": 6},
                         content_type=JSON)

    assert made.status_code == 201 and again.status_code == 422


def test_terms_list_filters_by_locality(planner):
    TermFactory(calendar__locality="Rutland")
    TermFactory(calendar__locality="Leicester City")

    items = planner.get("/api/terms?locality=Rutland").json()["items"]

    assert [t["locality"] for t in items] == ["Rutland"]


def test_closure_delete_then_unknown_is_404(planner):
    made = planner.post("/api/closures", {"kind": "organisation", "starts_on": "2026-12-24",
                                          "ends_on": "2026-12-24", "reason": "Staff day"},
                        content_type=JSON).json()

    assert planner.delete(f"/api/closures/{made['id']}").status_code == 204
    assert planner.delete(f"/api/closures/{made['id']}").status_code == 404


def test_facilitator_revokes_only_their_own_feed(make_user, client_for, planner):
    me = make_user(Role.FACILITATOR)
    mine = client_for(me)
    own = mine.post("/api/feeds", {"kind": "facilitator", "subject_id": me.pk},
                    content_type=JSON).json()
    run_feed = planner.post("/api/feeds", {"kind": "run", "subject_id": make_run().pk},
                            content_type=JSON).json()

    assert mine.delete(f"/api/feeds/{run_feed['id']}").status_code == 404
    assert mine.delete(f"/api/feeds/{own['id']}").status_code == 204


@pytest.mark.parametrize(("role", "status"), [(Role.MANAGER, 403), (Role.CRECHE_WORKER, 403),
                                              (Role.FACILITATOR, 403)])
def test_schedule_operations_are_for_planners_only(make_user, client_for, role, status):
    client = client_for(make_user(role))

    assert client.post("/api/runs/1/schedule", {}, content_type=JSON).status_code == status
    assert client.put("/api/runs/1/schedule", {}, content_type=JSON).status_code == status


def test_availability_put_then_outside_hours_warns_on_the_session(make_user, client_for,
                                                                  planner):
    me = make_user(Role.FACILITATOR)
    session = make_session(run=make_run(facilitators=[me]), starts_at=TUE_10,
                           ends_at=TUE_10 + dt.timedelta(hours=2))
    body = {"hours": [{"weekday": 1, "starts_at": "13:00", "ends_at": "17:00"}],
            "leave": [{"starts_on": "2026-12-21", "ends_on": "2026-12-31"}]}

    put = planner.put(f"/api/facilitators/{me.pk}/availability", body, content_type=JSON)
    clashes = client_for(me).get(f"/api/sessions/{session.pk}").json()["clashes"]

    assert put.status_code == 200 and put.json()["hours"][0]["weekday"] == 1
    assert [(c["rule"], c["severity"]) for c in clashes] == [("facilitator_unavailable", "warn")]
    assert client_for(me).get(f"/api/facilitators/{me.pk}/availability").status_code == 200
    assert client_for(me).get(f"/api/facilitators/{me.pk + 1}/availability").status_code == 404


def test_availability_with_end_before_start_is_422(make_user, planner):
    me = make_user(Role.FACILITATOR)
    body = {"hours": [{"weekday": 1, "starts_at": "17:00", "ends_at": "13:00"}]}

    response = planner.put(f"/api/facilitators/{me.pk}/availability", body, content_type=JSON)

    assert response.status_code == 422
