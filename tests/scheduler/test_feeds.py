"""ICS feeds behind secret, revocable URLs: valid, round-trip to local times, no personal data."""

import datetime as dt

import pytest
import recurring_ical_events
import time_machine
from icalendar import Calendar

from scheduler.calendar.services import schedule_generate, schedule_set, session_cancel
from scheduler.models import FeedToken
from scheduler.platform.roles import Role
from tests.factories import LONDON
from tests.scheduler.factories import (
    TermFactory,
    freedom_run,
    make_enrolment,
    make_room,
)

pytestmark = pytest.mark.django_db
JSON = "application/json"
OCTOBER = dt.datetime(2026, 10, 1, 9, tzinfo=LONDON)


@pytest.fixture
def autumn_run(make_user):  # type: ignore[no-untyped-def]
    facilitator = make_user(Role.FACILITATOR)
    room = make_room(venue__address="7 Hidden Lane, LE2 2ZZ")
    run = freedom_run(room=room, venue=room.venue, facilitators=[facilitator])
    make_enrolment(run=run, participant__known_as="Priya Secretname")
    with time_machine.travel(dt.datetime(2026, 8, 1, tzinfo=LONDON), tick=False):
        schedule_set(run=run, rule="RRULE:FREQ=WEEKLY;BYDAY=TU", start_date=dt.date(2026, 9, 8),
                     start_time=dt.time(10), duration_minutes=120, target_sessions=12,
                     calendars=[TermFactory().calendar.pk], by=None)  # type: ignore[attr-defined]
        schedule_generate(run=run, by=None)
    return run, facilitator


def feed_url(client, kind: str, subject_id: int) -> str:  # type: ignore[no-untyped-def]
    response = client.post("/api/feeds", {"kind": kind, "subject_id": subject_id},
                           content_type=JSON)
    assert response.status_code == 201
    return response.json()["url"].split("127.0.0.1:8000", 1)[-1]


@time_machine.travel(OCTOBER, tick=False)
@pytest.mark.parametrize("kind", ["facilitator", "venue", "run"])
def test_feed_round_trips_to_ten_o_clock_local_either_side_of_the_clock_change(
        autumn_run, client, client_for, make_user, kind):
    run, facilitator = autumn_run
    subject = {"facilitator": facilitator.pk, "venue": run.venue_id, "run": run.pk}[kind]
    url = feed_url(client_for(make_user(Role.COORDINATOR)), kind, subject)

    response = client.get(url)  # no login: the URL is the secret

    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    events = recurring_ical_events.of(calendar).between(dt.date(2026, 9, 1),
                                                        dt.date(2027, 1, 1))
    starts = sorted(e.decoded("dtstart") for e in events)
    assert len(starts) == 12
    assert {(s.astimezone(LONDON).hour, s.astimezone(LONDON).minute) for s in starts} == {(10, 0)}
    assert {s.utcoffset() for s in starts} == {dt.timedelta(hours=1), dt.timedelta(0)}


@time_machine.travel(OCTOBER, tick=False)
def test_feed_has_stable_uids_sequence_and_cancelled_status_but_no_personal_data(
        autumn_run, client, client_for, make_user):
    run, facilitator = autumn_run
    url = feed_url(client_for(facilitator), "facilitator", facilitator.pk)
    before = {e["UID"] for e in Calendar.from_ical(client.get(url).content).walk("VEVENT")}
    session_cancel(session=run.sessions.order_by("starts_at").last(), reason="Venue shut",
                   by=None)

    body = client.get(url).content
    events = Calendar.from_ical(body).walk("VEVENT")

    assert {e["UID"] for e in events} == before
    cancelled = [e for e in events if e["STATUS"] == "CANCELLED"]
    assert [e.decoded("SEQUENCE") for e in cancelled] == [1]
    assert b"Priya" not in body and b"Hidden Lane" not in body and b"Venue shut" not in body


@time_machine.travel(OCTOBER, tick=False)
def test_confidential_venue_is_not_named_in_feeds(autumn_run, client, client_for, make_user):
    run, _ = autumn_run
    run.venue.is_confidential = True
    run.venue.save()
    url = feed_url(client_for(make_user(Role.COORDINATOR)), "run", run.pk)

    body = client.get(url).content

    assert run.venue.name.encode() not in body and b"Confidential venue" in body


@time_machine.travel(OCTOBER, tick=False)
def test_revoked_or_unknown_feed_token_is_404(autumn_run, client, client_for, make_user):
    run, _ = autumn_run
    planner = client_for(make_user(Role.COORDINATOR))
    url = feed_url(planner, "run", run.pk)
    token = FeedToken.objects.get()

    revoked = planner.delete(f"/api/feeds/{token.pk}")

    assert revoked.status_code == 204
    assert client.get(url).status_code == 404
    assert client.get("/calendar/feeds/not-a-token.ics").status_code == 404


def test_feed_token_is_stored_only_as_a_hash(autumn_run, client_for, make_user):
    run, _ = autumn_run
    url = feed_url(client_for(make_user(Role.COORDINATOR)), "run", run.pk)
    raw = url.rsplit("/", 1)[-1].removesuffix(".ics")

    token = FeedToken.objects.get()

    assert raw not in (token.digest, token.prefix) and len(token.digest) == 64


def test_facilitator_may_not_create_a_feed_for_someone_else(client_for, make_user):
    other = make_user(Role.FACILITATOR)
    me = client_for(make_user(Role.FACILITATOR))

    response = me.post("/api/feeds", {"kind": "facilitator", "subject_id": other.pk},
                       content_type=JSON)

    assert response.status_code == 403 and FeedToken.objects.count() == 0
