"""The coordinator's desk in a real browser (768 × 1024 Chromium), only links and forms: create a
venue and a room, import a small .ics term file and see its half-term, add a closure and see
the session it touches, record a facilitator's leave; a facilitator records her own. Every page
meets the standard (axe serious/critical = 0, no sideways scroll)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from scheduler.models import Closure, FacilitatorLeave, Room, Term, Venue
from scheduler.platform.roles import Role
from tests.browser import check_page, sign_in
from tests.factories import LONDON, GroupRunFactory, RoomFactory, SessionFactory, UserFactory
from tests.scheduler.factories import TermCalendarFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
TERMS_ICS = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Rutland//Term dates//EN\r
BEGIN:VEVENT\r
UID:spring@rutland\r
DTSTAMP:20260101T000000Z\r
DTSTART;VALUE=DATE:20270104\r
DTEND;VALUE=DATE:20270327\r
SUMMARY:Spring term 2027\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:half@rutland\r
DTSTAMP:20260101T000000Z\r
DTSTART;VALUE=DATE:20270215\r
DTEND;VALUE=DATE:20270220\r
SUMMARY:February half term\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:easter@rutland\r
DTSTAMP:20260101T000000Z\r
DTSTART;VALUE=DATE:20270329\r
DTEND;VALUE=DATE:20270410\r
SUMMARY:Easter holiday\r
END:VEVENT\r
END:VCALENDAR\r
"""


def _user(username: str, role: str, **names: str):
    user = UserFactory.create(username=username, role=role, **names)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def desk():
    """A coordinator; a facilitator; a group meeting at Oakham Hall in a fortnight's time."""
    coordinator = _user("cora", Role.COORDINATOR)
    facilitator = _user("fran", Role.FACILITATOR, first_name="Fran", last_name="Bell")
    run = GroupRunFactory.create(name="Thursday women's group",
                                 room=RoomFactory.create(venue__name="Oakham Hall"))
    day = timezone.localdate() + dt.timedelta(days=14)
    start = dt.datetime.combine(day, dt.time(10), tzinfo=LONDON)
    SessionFactory.create(run=run, room=run.room, starts_at=start,
                          ends_at=start + dt.timedelta(hours=2))
    return {"coordinator": coordinator, "facilitator": facilitator, "day": day}


def _home(page) -> None:
    page.get_by_role("link", name="Groupwork", exact=True).click()


def test_coordinator_sets_up_places_terms_closures_and_leave(tablet, live_server, desk):
    page = tablet
    page.set_default_timeout(10_000)
    sign_in(page, live_server, "cora", PASSWORD)

    # A confidential venue and its room.
    page.get_by_role("link", name="Venues and rooms").first.click()
    check_page(page)
    page.get_by_role("link", name="New venue").click()
    page.get_by_label("Venue name").fill("Willow House")
    page.get_by_label("Address").fill("3 Hidden Lane, Oakham")
    page.get_by_role("button", name="Save venue").click()  # no locality: a field error
    page.get_by_text("This field is required.").wait_for()
    check_page(page)
    assert page.get_by_label("Venue name").input_value() == "Willow House"
    assert page.get_by_label("Address").input_value() == "3 Hidden Lane, Oakham"
    page.get_by_label("Locality").select_option(label="Rutland")
    page.get_by_label("Confidential venue (for example a refuge)").check()
    page.get_by_role("button", name="Save venue").click()
    page.wait_for_url(re.compile(r"/calendar/venues/\d+/$"))
    page.get_by_text("Confidential venue: its address is for coordinators").wait_for()
    check_page(page)
    page.get_by_label("Room name").fill("Lounge")
    page.get_by_label("Capacity (people)").fill("8")
    page.get_by_role("button", name="Add room").click()
    page.get_by_text("Room Lounge added.").wait_for()
    check_page(page)
    venue = Venue.objects.get(name="Willow House")
    assert venue.is_confidential and Room.objects.get(venue=venue).capacity == 8

    # A term calendar, filled from a small .ics file: preview, then import.
    _home(page)
    page.get_by_role("link", name="Term calendars").first.click()
    check_page(page)
    page.get_by_role("link", name="New term calendar").click()
    page.get_by_label("Name of the term calendar").fill("Rutland schools")
    page.get_by_label("Locality").select_option(label="Rutland")
    page.get_by_role("button", name="Save term calendar").click()
    page.wait_for_url(re.compile(r"/calendar/term-calendars/\d+/$"))
    check_page(page)
    page.get_by_role("link", name="Import term dates from an .ics file").click()
    check_page(page)
    page.get_by_label("iCalendar (.ics) file of term dates").set_input_files(
        {"name": "rutland.ics", "mimeType": "text/calendar", "buffer": TERMS_ICS})
    page.get_by_role("button", name="Preview the import").click()
    page.get_by_role("heading", name="Check before importing").wait_for()
    page.get_by_text("Half-term 15 Feb – 19 Feb 2027").wait_for()
    page.get_by_text("Easter holiday, 29 Mar 2027 – 9 Apr 2027").wait_for()
    check_page(page)
    assert not Term.objects.exists()
    page.get_by_role("button", name="Import these terms").click()
    page.get_by_text("1 term imported.").wait_for()
    page.get_by_role("cell", name="Half-term 15 Feb – 19 Feb 2027").wait_for()
    check_page(page)
    term = Term.objects.get(calendar__name="Rutland schools")
    assert (term.half_term_starts_on, term.half_term_ends_on) == (
        dt.date(2027, 2, 15), dt.date(2027, 2, 19))

    # A venue closure on the day the group meets: the list shows the session it touches.
    _home(page)
    page.get_by_role("link", name="Closures and bank holidays").first.click()
    check_page(page)
    page.get_by_role("link", name="New closure").click()
    check_page(page)
    page.get_by_role("radio", name="Venue closure").check()
    page.get_by_label("Venue (for a venue closure)").select_option(label="Oakham Hall")
    page.get_by_label("First day closed").fill(desk["day"].isoformat())
    page.get_by_label("Last day closed").fill(desk["day"].isoformat())
    page.get_by_label("Reason").fill("Boiler repair")
    page.get_by_role("button", name="Save closure").click()
    page.get_by_text("Closure saved. 1 scheduled session falls on it.").wait_for()
    row = page.get_by_role("row", name=re.compile("Boiler repair"))
    row.get_by_role("link", name=re.compile("Thursday women's group")).wait_for()
    check_page(page)
    assert Closure.objects.filter(venue__name="Oakham Hall").count() == 1

    # Fran's leave.
    _home(page)
    page.get_by_role("link", name="Facilitators' availability and leave").click()
    check_page(page)
    page.get_by_role("link", name="Fran Bell").click()
    check_page(page)
    page.get_by_label("First day away").fill("2027-01-11")
    page.get_by_label("Last day away").fill("2027-01-08")
    page.get_by_role("button", name="Record leave").click()
    page.get_by_text("Leave ends before it starts").wait_for()
    check_page(page)
    page.get_by_label("Last day away").fill("2027-01-15")
    page.get_by_role("button", name="Record leave").click()
    page.get_by_text("Mon 11 Jan 2027 – Fri 15 Jan 2027").wait_for()
    check_page(page)
    leave = FacilitatorLeave.objects.get(user=desk["facilitator"])
    assert (leave.starts_on, leave.ends_on) == (dt.date(2027, 1, 11), dt.date(2027, 1, 15))


def test_a_facilitator_records_her_own_leave_from_her_home(tablet, live_server, desk):
    TermCalendarFactory.create()
    page = tablet
    page.set_default_timeout(10_000)
    sign_in(page, live_server, "fran", PASSWORD)
    page.get_by_role("link", name="My availability and leave").click()
    page.get_by_role("heading", name="My availability and leave").wait_for()
    check_page(page, touch=True)
    assert page.get_by_role("button", name="Add hours").count() == 0  # coordinators only
    page.get_by_label("First day away").fill("2027-05-03")
    page.get_by_label("Last day away").fill("2027-05-07")
    page.get_by_role("button", name="Record leave").click()
    page.get_by_text("Mon 3 May 2027 – Fri 7 May 2027").wait_for()
    check_page(page, touch=True)
    assert FacilitatorLeave.objects.filter(user=desk["facilitator"]).count() == 1
