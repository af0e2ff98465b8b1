"""The coordinator's desk over HTTP: venues and rooms, term calendars with .ics import,
closures, facilitators' hours and leave. Field errors keep what was typed, stale forms are
refused, nothing is half-saved, bad files are form errors (never a 500), roles are checked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from scheduler.calendar import services
from scheduler.calendar.desk_forms import MAX_ICS_BYTES
from scheduler.calendar.ical import feed_calendar
from scheduler.calendar.recurrence import bank_holidays
from scheduler.models import (
    Closure,
    FacilitatorHours,
    FacilitatorLeave,
    Locality,
    Room,
    Term,
    Venue,
)
from scheduler.platform.roles import Role
from tests.factories import (
    LONDON,
    GroupRunFactory,
    LocalityFactory,
    RoomFactory,
    SessionFactory,
    VenueFactory,
)
from tests.scheduler.factories import ClosureFactory, TermCalendarFactory, TermFactory

pytestmark = pytest.mark.django_db

TERMS_ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//Terms//EN
BEGIN:VEVENT
UID:t1@test
DTSTAMP:20260101T000000Z
DTSTART;VALUE=DATE:20270104
DTEND;VALUE=DATE:20270327
SUMMARY:Spring term 2027
END:VEVENT
BEGIN:VEVENT
UID:t2@test
DTSTAMP:20260101T000000Z
DTSTART;VALUE=DATE:20270215
DTEND;VALUE=DATE:20270220
SUMMARY:Spring half term
END:VEVENT
BEGIN:VEVENT
UID:t3@test
DTSTAMP:20260101T000000Z
DTSTART;VALUE=DATE:20270329
DTEND;VALUE=DATE:20270410
SUMMARY:Easter holiday
END:VEVENT
END:VCALENDAR
"""


def post(client, url, data, page=None):
    client.get(page or url)
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


@pytest.fixture
def coordinator(browser_client_for, make_user):
    return browser_client_for(make_user(Role.COORDINATOR))


def _listed(name: str) -> int:
    """The id the locality select posts for a listed locality."""
    return Locality.objects.get(name=name, unmatched=False).pk


def _venue_form(venue: Venue, **changes):
    return {"name": venue.name, "locality": venue.locality_id, "address": venue.address,
            "accessibility_notes": venue.accessibility_notes,
            "version": services.venue_version(venue), **changes}


# --- roles ---------------------------------------------------------------------------------

DESK_PAGES = ["/calendar/venues/", "/calendar/venues/new/", "/calendar/term-calendars/",
              "/calendar/term-calendars/new/", "/calendar/closures/", "/calendar/closures/new/",
              "/calendar/facilitators/"]


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.CRECHE_WORKER, Role.MANAGER])
@pytest.mark.parametrize("url", DESK_PAGES)
def test_desk_pages_are_refused_with_the_styled_403_to_other_roles(role, url,
                                                                  browser_client_for,
                                                                  make_user):
    response = browser_client_for(make_user(role)).get(url)
    assert response.status_code == 403
    assert "You cannot open this page" in response.content.decode()


@pytest.mark.parametrize("url", DESK_PAGES)
def test_desk_pages_open_for_coordinators_and_need_a_login(url, coordinator, client):
    assert coordinator.get(url).status_code == 200
    assert client.get(url).status_code == 302  # not signed in: to the login page


def test_detail_pages_are_refused_to_a_facilitator(browser_client_for, make_user):
    venue, calendar = RoomFactory.create().venue, TermCalendarFactory.create()
    facilitator = browser_client_for(make_user(Role.FACILITATOR))
    for url in (f"/calendar/venues/{venue.pk}/", f"/calendar/venues/{venue.pk}/edit/",
                f"/calendar/rooms/{venue.rooms.get().pk}/edit/",
                f"/calendar/term-calendars/{calendar.pk}/",
                f"/calendar/term-calendars/{calendar.pk}/import/"):
        assert facilitator.get(url).status_code == 403, url


def test_the_home_panel_links_to_every_desk_page(coordinator):
    page = coordinator.get("/").content.decode()
    for url in ("/calendar/venues/", "/calendar/term-calendars/", "/calendar/closures/",
                "/calendar/facilitators/"):
        assert f'href="{url}"' in page


# --- venues and rooms ----------------------------------------------------------------------

def test_a_venue_is_created_with_a_room_and_listed_as_confidential(coordinator):
    response = post(coordinator, "/calendar/venues/new/", {
        "name": "Safe House", "locality": _listed("Rutland"), "address": "1 Secret Road",
        "is_confidential": "on", "accessibility_notes": "Step-free"})
    venue = Venue.objects.get(name="Safe House")
    assert response.status_code == 302 and response["Location"] == f"/calendar/venues/{venue.pk}/"
    assert venue.is_confidential and venue.address == "1 Secret Road"

    response = post(coordinator, f"/calendar/venues/{venue.pk}/",
                    {"room-name": "Lounge", "room-capacity": "8"})
    assert response.status_code == 302
    assert venue.rooms.get().capacity == 8

    listing = coordinator.get("/calendar/venues/").content.decode()
    assert "Confidential" in listing and "1 Secret Road" not in listing  # not on the list
    assert "1 Secret Road" in coordinator.get(f"/calendar/venues/{venue.pk}/").content.decode()


def test_venue_field_errors_keep_what_was_typed(coordinator):
    VenueFactory.create(name="Taken Hall")
    response = post(coordinator, "/calendar/venues/new/", {
        "name": "taken hall", "locality": "", "address": "9 Typed Street"})
    body = response.content.decode()
    assert response.status_code == 422
    assert "This field is required." in body  # locality, next to its field
    assert "9 Typed Street" in body
    response = post(coordinator, "/calendar/venues/new/", {
        "name": "taken hall", "locality": _listed("Leicester City"),
        "address": "9 Typed Street"})
    assert response.status_code == 422
    assert "A venue with this name exists" in response.content.decode()
    assert Venue.objects.count() == 1


def test_a_stale_venue_form_is_refused_and_changes_nothing(coordinator):
    venue = VenueFactory.create(name="Before")
    stale = _venue_form(venue, name="Mine")
    Venue.objects.filter(pk=venue.pk).update(
        locality=LocalityFactory.create(name="Changed meanwhile"))

    response = post(coordinator, f"/calendar/venues/{venue.pk}/edit/", stale)

    venue.refresh_from_db()
    assert response.status_code == 422
    assert "Someone else changed this" in response.content.decode()
    assert 'value="Mine"' in response.content.decode()
    assert venue.name == "Before"


def test_a_fresh_venue_form_saves(coordinator):
    venue = VenueFactory.create(name="Before")
    response = post(coordinator, f"/calendar/venues/{venue.pk}/edit/",
                    _venue_form(venue, name="After", is_confidential="on"))
    venue.refresh_from_db()
    assert response.status_code == 302
    assert venue.name == "After" and venue.is_confidential


def test_room_edit_refuses_a_duplicate_name_and_a_stale_form(coordinator):
    room = RoomFactory.create(name="Blue", capacity=10)
    RoomFactory.create(venue=room.venue, name="Green")
    url = f"/calendar/rooms/{room.pk}/edit/"
    form = {"name": "green", "capacity": "12", "version": services.room_version(room)}
    response = post(coordinator, url, form)
    assert response.status_code == 422
    assert "already has a room with this name" in response.content.decode()

    response = post(coordinator, url, form | {"name": "Blue", "capacity": "0"})
    assert response.status_code == 422 and "greater than or equal to 1" in \
        response.content.decode()

    Room.objects.filter(pk=room.pk).update(capacity=11)
    response = post(coordinator, url, form | {"name": "Blue"})
    assert response.status_code == 422 and "Someone else changed this" in \
        response.content.decode()
    room.refresh_from_db()
    assert (room.name, room.capacity) == ("Blue", 11)


def test_venue_list_paginates_without_n_plus_one(coordinator, django_assert_max_num_queries):
    for _ in range(30):
        RoomFactory.create()
    with django_assert_max_num_queries(12):
        response = coordinator.get("/calendar/venues/")
    assert response.content.decode().count('href="/calendar/venues/') >= 25
    assert "Page 1 of 2" in response.content.decode()


# --- term calendars and .ics import ------------------------------------------------------

def _upload(content: bytes | str, name: str = "terms.ics") -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/calendar")


def _import(client, calendar, data):
    url = f"/calendar/term-calendars/{calendar.pk}/import/"
    client.get(url)
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


def test_ics_import_previews_then_applies_in_one_go(coordinator):
    calendar = TermCalendarFactory.create(name="Rutland schools")

    preview = _import(coordinator, calendar, {"action": "preview",
                                              "ics_file": _upload(TERMS_ICS)})
    body = preview.content.decode()
    assert preview.status_code == 200
    assert "Spring term 2027" in body and "Half-term 15 Feb" in body
    assert "Easter holiday" in body  # listed under "Left out"
    assert not Term.objects.exists()  # the preview saved nothing

    applied = _import(coordinator, calendar, {"action": "apply", "ics": TERMS_ICS})
    assert applied.status_code == 302
    term = Term.objects.get()
    assert (term.calendar, term.starts_on, term.ends_on) == (
        calendar, dt.date(2027, 1, 4), dt.date(2027, 3, 26))
    assert (term.half_term_starts_on, term.half_term_ends_on) == (
        dt.date(2027, 2, 15), dt.date(2027, 2, 19))


@pytest.mark.parametrize("content", [
    b"not a calendar at all", b"\xff\xfe\x00garbage", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
    b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Term\nDTSTART;VALUE=DATE:2027xx04\nEND:VEVENT\n"
    b"END:VCALENDAR\n",
    b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:Term\nEND:VEVENT\nEND:VCALENDAR\n",
    b"",
])
def test_a_bad_file_is_a_form_error_not_a_500(content, coordinator):
    calendar = TermCalendarFactory.create()
    response = _import(coordinator, calendar, {"action": "preview",
                                               "ics_file": _upload(content)})
    assert response.status_code == 422
    assert 'class="errorlist' in response.content.decode()
    assert not Term.objects.exists()


def test_an_oversized_file_is_refused(coordinator):
    calendar = TermCalendarFactory.create()
    big = TERMS_ICS.replace("SUMMARY:Spring term 2027",
                            "SUMMARY:Spring term 2027\nDESCRIPTION:" + "x" * MAX_ICS_BYTES)
    response = _import(coordinator, calendar, {"action": "preview", "ics_file": _upload(big)})
    assert response.status_code == 422
    assert "larger than 200 KB" in response.content.decode()


def test_an_import_overlapping_a_term_is_refused_whole(coordinator):
    calendar = TermCalendarFactory.create()
    TermFactory.create(calendar=calendar, name="Already there", starts_on=dt.date(2027, 3, 1),
                       ends_on=dt.date(2027, 3, 31), half_term_starts_on=None,
                       half_term_ends_on=None)
    two = TERMS_ICS.replace("END:VCALENDAR", """BEGIN:VEVENT
UID:t4@test
DTSTAMP:20260101T000000Z
DTSTART;VALUE=DATE:20270901
DTEND;VALUE=DATE:20271220
SUMMARY:Autumn term 2027
END:VEVENT
END:VCALENDAR""")
    response = _import(coordinator, calendar, {"action": "apply", "ics": two})
    assert response.status_code == 422
    assert "overlaps another" in response.content.decode()
    assert list(calendar.terms.values_list("name", flat=True)) == ["Already there"]


def test_a_term_is_added_edited_with_errors_kept_and_a_stale_edit_refused(coordinator):
    calendar = TermCalendarFactory.create()
    url = f"/calendar/term-calendars/{calendar.pk}/"
    response = post(coordinator, url, {
        "term-season": "autumn", "term-name": "Autumn 2027", "term-starts_on": "2027-09-02",
        "term-ends_on": "2027-12-17", "term-half_term_starts_on": "2028-01-02",
        "term-half_term_ends_on": "2028-01-05"})
    assert response.status_code == 422
    assert "Half-term must fall within the term" in response.content.decode()
    assert 'value="Autumn 2027"' in response.content.decode()

    response = post(coordinator, url, {
        "term-season": "autumn", "term-name": "Autumn 2027", "term-starts_on": "2027-09-02",
        "term-ends_on": "2027-12-17", "term-half_term_starts_on": "2027-10-25",
        "term-half_term_ends_on": "2027-10-29"})
    assert response.status_code == 302
    term = calendar.terms.get()

    edit = {"season": "autumn", "name": "Autumn term 2027", "starts_on": "2027-09-03",
            "ends_on": "2027-12-17", "half_term_starts_on": "2027-10-25",
            "half_term_ends_on": "2027-10-29", "version": services.term_version(term)}
    Term.objects.filter(pk=term.pk).update(ends_on=dt.date(2027, 12, 16))
    response = post(coordinator, f"/calendar/terms/{term.pk}/edit/", edit)
    assert response.status_code == 422 and "Someone else changed this" in \
        response.content.decode()
    term.refresh_from_db()
    assert term.name == "Autumn 2027"


# --- closures --------------------------------------------------------------------------------

def _session_on(day: dt.date, venue: Venue | None = None):
    run = GroupRunFactory.create(room=RoomFactory.create(venue=venue or VenueFactory.create()))
    start = dt.datetime.combine(day, dt.time(10), tzinfo=LONDON)
    return SessionFactory.create(run=run, room=run.room, starts_at=start,
                                 ends_at=start + dt.timedelta(hours=2))


def _no_bank_holiday(day: dt.date) -> dt.date:
    """The day, or the first after it that is not a bank holiday (which closes every venue:
    a test of one venue's closure must not fall on one, as 28 December 2026 does)."""
    while bank_holidays(day, day):
        day += dt.timedelta(days=1)
    return day


def test_closures_list_shows_which_sessions_they_affect(coordinator):
    day = _no_bank_holiday(dt.date.today() + dt.timedelta(days=20))
    venue = VenueFactory.create(name="Oak Hall")
    hit = _session_on(day, venue)
    elsewhere = _session_on(day)
    ClosureFactory.create(kind="venue", venue=venue, starts_on=day, ends_on=day,
                          reason="Boiler repair")

    body = coordinator.get("/calendar/closures/").content.decode()

    assert "Boiler repair" in body and "Oak Hall" in body
    assert f'href="/calendar/sessions/{hit.pk}/"' in body
    assert f'href="/calendar/sessions/{elsewhere.pk}/"' not in body
    assert "Bank holidays in the coming year" in body


def test_a_closure_is_created_edited_and_deleted(coordinator):
    venue = VenueFactory.create()
    day = dt.date.today() + dt.timedelta(days=30)
    response = post(coordinator, "/calendar/closures/new/", {
        "kind": "venue", "starts_on": day.isoformat(), "ends_on": day.isoformat(),
        "reason": "Decorating"})
    assert response.status_code == 422  # a venue closure names its venue
    assert "A venue closure names a venue" in response.content.decode()
    assert 'value="Decorating"' in response.content.decode()

    response = post(coordinator, "/calendar/closures/new/", {
        "kind": "venue", "venue": venue.pk, "starts_on": day.isoformat(),
        "ends_on": day.isoformat(), "reason": "Decorating"})
    assert response.status_code == 302
    closure = Closure.objects.get()

    stale = {"kind": "venue", "venue": venue.pk, "starts_on": day.isoformat(),
             "ends_on": (day + dt.timedelta(days=1)).isoformat(), "reason": "Decorating",
             "version": services.closure_version(closure)}
    Closure.objects.filter(pk=closure.pk).update(reason="Changed meanwhile")
    response = post(coordinator, f"/calendar/closures/{closure.pk}/edit/", stale)
    assert response.status_code == 422
    closure.refresh_from_db()
    assert closure.ends_on == day

    fresh = stale | {"version": services.closure_version(closure)}
    assert post(coordinator, f"/calendar/closures/{closure.pk}/edit/", fresh).status_code == 302
    closure.refresh_from_db()
    assert closure.ends_on == day + dt.timedelta(days=1)

    response = post(coordinator, f"/calendar/closures/{closure.pk}/delete/", {},
                    page="/calendar/closures/")
    assert response.status_code == 302 and not Closure.objects.exists()


def test_closure_list_query_count_does_not_grow(coordinator, django_assert_max_num_queries):
    day = dt.date.today() + dt.timedelta(days=10)
    for n in range(10):
        venue = VenueFactory.create()
        _session_on(day + dt.timedelta(days=n), venue)
        ClosureFactory.create(kind="venue", venue=venue, starts_on=day + dt.timedelta(days=n),
                              ends_on=day + dt.timedelta(days=n), reason=f"Closed {n}")
    with django_assert_max_num_queries(12):
        assert coordinator.get("/calendar/closures/").status_code == 200


# --- facilitators' hours and leave -------------------------------------------------------

def test_a_coordinator_records_hours_and_leave_and_the_schedule_preview_warns(
        coordinator, make_user):
    facilitator = make_user(Role.FACILITATOR)
    url = f"/calendar/facilitators/{facilitator.pk}/availability/"
    assert facilitator.display_name in coordinator.get("/calendar/facilitators/").content.decode()

    response = post(coordinator, url, {"action": "hours", "hours-weekday": "2",
                                       "hours-starts_at": "12:00", "hours-ends_at": "09:00"})
    assert response.status_code == 422 and "the end after the start" in \
        response.content.decode()
    assert post(coordinator, url, {"action": "hours", "hours-weekday": "2",
                                   "hours-starts_at": "09:00",
                                   "hours-ends_at": "17:00"}).status_code == 302
    response = post(coordinator, url, {"action": "leave", "leave-starts_on": "2027-01-11",
                                       "leave-ends_on": "2027-01-15"})
    assert response.status_code == 302
    assert FacilitatorHours.objects.filter(user=facilitator).count() == 1

    run = GroupRunFactory.create()
    run.facilitators.add(facilitator)
    preview = services.schedule_preview(
        run=run, rule=services.schedule_rule(weekdays=[2], every_weeks=1),
        start_date=dt.date(2027, 1, 4), start_time=dt.time(10), duration_minutes=120,
        target_sessions=2, calendars=[])
    assert [c.message for c in preview.clashes] == [
        f"Facilitator {facilitator.pk} is on leave"]  # Wed 13 Jan; Wed 6 Jan is a working day


def test_overlapping_leave_is_a_field_error_keeping_the_dates(coordinator, make_user):
    facilitator = make_user(Role.FACILITATOR)
    FacilitatorLeave.objects.create(user=facilitator, starts_on=dt.date(2027, 1, 11),
                                    ends_on=dt.date(2027, 1, 15))
    response = post(coordinator, f"/calendar/facilitators/{facilitator.pk}/availability/", {
        "action": "leave", "leave-starts_on": "2027-01-14", "leave-ends_on": "2027-01-20"})
    assert response.status_code == 422
    assert "overlaps leave already recorded" in response.content.decode()
    assert 'value="2027-01-20"' in response.content.decode()


def test_a_facilitator_records_her_own_leave_but_not_hours_nor_anyone_elses(
        browser_client_for, make_user):
    me, colleague = make_user(Role.FACILITATOR), make_user(Role.FACILITATOR)
    client = browser_client_for(me)
    mine = f"/calendar/facilitators/{me.pk}/availability/"
    assert "My availability and leave" in client.get("/").content.decode()
    assert post(client, mine, {"action": "leave", "leave-starts_on": "2027-02-01",
                               "leave-ends_on": "2027-02-02"}).status_code == 302
    assert FacilitatorLeave.objects.filter(user=me).count() == 1
    assert post(client, mine, {"action": "hours", "hours-weekday": "1",
                               "hours-starts_at": "09:00",
                               "hours-ends_at": "17:00"}).status_code == 403
    assert not FacilitatorHours.objects.exists()

    assert client.get(f"/calendar/facilitators/{colleague.pk}/availability/").status_code \
        == 404
    theirs = FacilitatorLeave.objects.create(user=colleague, starts_on=dt.date(2027, 3, 1),
                                             ends_on=dt.date(2027, 3, 2))
    assert post(client, f"/calendar/leave/{theirs.pk}/delete/", {},
                page=mine).status_code == 404
    assert FacilitatorLeave.objects.filter(pk=theirs.pk).exists()
    own = FacilitatorLeave.objects.get(user=me)
    assert post(client, f"/calendar/leave/{own.pk}/delete/", {}, page=mine).status_code == 302
    assert not FacilitatorLeave.objects.filter(user=me).exists()


@pytest.mark.parametrize("role", [Role.CRECHE_WORKER, Role.MANAGER])
def test_availability_pages_are_refused_to_other_roles(role, browser_client_for, make_user):
    facilitator = make_user(Role.FACILITATOR)
    response = browser_client_for(make_user(role)).get(
        f"/calendar/facilitators/{facilitator.pk}/availability/")
    assert response.status_code == 403


def test_a_venue_made_confidential_on_the_page_vanishes_from_feeds(coordinator):
    session = _session_on(dt.date(2027, 1, 6), VenueFactory.create(
        name="Willow House", address="3 Hidden Lane"))
    venue = session.run.venue
    post(coordinator, f"/calendar/venues/{venue.pk}/edit/",
         _venue_form(venue, is_confidential="on"))
    session.refresh_from_db()
    feed = feed_calendar([session], name="test").decode()
    assert "Confidential venue" in feed
    assert "Hidden Lane" not in feed and "Willow House" not in feed


def test_the_schedule_preview_names_the_facilitator_on_leave(coordinator, make_user):
    facilitator = make_user(Role.FACILITATOR, first_name="Fran", last_name="Bell")
    run = GroupRunFactory.create()
    run.facilitators.add(facilitator)
    post(coordinator, f"/calendar/facilitators/{facilitator.pk}/availability/", {
        "action": "leave", "leave-starts_on": "2027-01-11", "leave-ends_on": "2027-01-15"})

    response = post(coordinator, f"/calendar/runs/{run.pk}/schedule/", {
        "action": "preview", "weekdays": ["2"], "every_weeks": "1",
        "start_date": "2027-01-04", "start_time": "10:00", "duration_minutes": "120",
        "target_sessions": "3"})

    body = response.content.decode()
    assert "Wed 13 Jan 2027, 10:00: Fran Bell is on leave" in body
    assert f"Facilitator {facilitator.pk}" not in body


def test_dates_far_out_are_field_errors_not_500s(coordinator, make_user):
    facilitator = make_user(Role.FACILITATOR)
    calendar = TermCalendarFactory.create()
    closure = post(coordinator, "/calendar/closures/new/", {
        "kind": "organisation", "starts_on": "9999-12-31", "ends_on": "9999-12-31",
        "reason": "Far"})
    leave = post(coordinator, f"/calendar/facilitators/{facilitator.pk}/availability/", {
        "action": "leave", "leave-starts_on": "9999-12-30", "leave-ends_on": "9999-12-31"})
    term = post(coordinator, f"/calendar/term-calendars/{calendar.pk}/", {
        "term-season": "autumn", "term-name": "Far", "term-starts_on": "9999-09-01",
        "term-ends_on": "9999-12-01"})
    ics = _import(coordinator, calendar, {"action": "preview", "ics_file": _upload(
        TERMS_ICS.replace("20270104", "99990104").replace("20270327", "99990327"))})
    for response in (closure, leave, term, ics):
        assert response.status_code == 422
        assert "Give a date between 1900 and 2200" in response.content.decode()
    assert not Closure.objects.exists() and not FacilitatorLeave.objects.exists()
    assert not Term.objects.exists()
