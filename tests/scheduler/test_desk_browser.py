"""The coordinator plans a term using only links and forms (768 × 1024 Chromium), and every
page of the desk meets the standard (axe serious/critical = 0, no sideways scroll)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from programmes.enums import EnrolmentStatus as S
from programmes.models import GroupRun, PlacementOverride
from programmes.services import keep_apart_create
from scheduler.calendar.enums import SessionStatus
from scheduler.models import Session
from scheduler.platform.roles import Role
from tests.browser import check_page, sign_in
from tests.factories import (
    LONDON,
    EnrolmentFactory,
    GroupRunFactory,
    ParticipantFactory,
    ProgrammeTypeFactory,
    RoomFactory,
    SessionFactory,
    UserFactory,
    VenueFactory,
)
from tests.scheduler.factories import TermFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
FIRST_TUESDAY = dt.date(2027, 1, 5)


@pytest.fixture
def spring():
    """A venue with two rooms; his group meets there on Tuesday mornings all spring; a term
    calendar with the February half-term; Hazel, who must be kept apart from him."""
    venue = VenueFactory.create(name="Oakham Hall")
    RoomFactory.create(venue=venue, name="Garden Room", capacity=14)
    his_run = GroupRunFactory.create(room=RoomFactory.create(venue=venue, name="Main Hall"),
                                     name="Tuesday men's group")
    for week in range(12):
        start = dt.datetime.combine(FIRST_TUESDAY + dt.timedelta(weeks=week), dt.time(10),
                                    tzinfo=LONDON)
        SessionFactory.create(run=his_run, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    him = EnrolmentFactory.create(run=his_run, status=S.STARTED,
                                  participant__known_as="Magnus").participant
    hazel = ParticipantFactory.create(known_as="Hazel")
    coordinator = UserFactory.create(username="cora", role=Role.COORDINATOR)
    keep_apart_create(first=hazel, second=him, reason="Injunction", by=coordinator)
    robin = ParticipantFactory.create(known_as="Robin")
    term = TermFactory.create(name="Spring 2027", starts_on=dt.date(2027, 1, 4),
                              ends_on=dt.date(2027, 3, 31),
                              half_term_starts_on=dt.date(2027, 2, 15),
                              half_term_ends_on=dt.date(2027, 2, 19))
    # A programme of its own: transactional tests flush the migrations' seeded catalogue.
    programme = ProgrammeTypeFactory.create(name="Recovery Toolkit (spring)")
    return {"term": term, "programme": programme,
            "hazel": f"Hazel ({hazel.reference})", "robin": f"Robin ({robin.reference})"}


def _fill_schedule(page, day: str, spring) -> None:
    for name in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
        page.get_by_label(name, exact=True).set_checked(name == day)
    page.get_by_label("First possible date").fill("2027-01-04")
    page.get_by_label("Start time").fill("10:00")
    page.get_by_label("Length in minutes").fill("120")
    page.get_by_label("Number of sessions").fill("8")
    page.get_by_label(spring["term"].calendar.name).check()
    page.get_by_role("button", name="Preview dates").click()


def test_coordinator_plans_a_term_with_links_and_forms(tablet, live_server, spring):
    page = tablet
    sign_in(page, live_server, "cora", PASSWORD)
    check_page(page)

    # Create a run.
    page.get_by_role("link", name="Programmes, runs and enrolments").click()
    check_page(page)
    page.get_by_role("link", name="New group run").click()
    check_page(page)
    page.get_by_label("Programme").select_option(label=spring["programme"].name)
    page.get_by_label("Name of the run").fill("Spring Freedom group")
    page.get_by_label("Venue").select_option(label="Oakham Hall")
    page.get_by_label("Room").select_option(label="Oakham Hall – Garden Room")
    page.get_by_label("Places").fill("10")
    page.get_by_label("Status").select_option(label="Open for enrolment")
    page.get_by_role("button", name="Save run").click()
    page.wait_for_url(re.compile(r"/programmes/runs/\d+/enrolments/$"))
    check_page(page)

    # Hazel joins before there are sessions; the schedule check keeps her apart from him.
    page.get_by_label("Participant").select_option(label=spring["hazel"])
    page.get_by_role("button", name="Enrol", exact=True).click()
    page.get_by_text("Hazel is enrolled.").wait_for()

    # Build the schedule in plain words: Tuesdays clash with his group (keep-apart).
    page.get_by_role("link", name="Build the schedule").click()
    check_page(page)
    _fill_schedule(page, "Tuesday", spring)
    page.get_by_text("Half-term (Spring 2027)").wait_for()
    page.get_by_text(re.compile("Magnus and Hazel are kept apart: Injunction")).first.wait_for()
    check_page(page)
    assert page.get_by_role("button", name="Apply this schedule").count() == 0

    # Wednesdays are clear: preview, then apply.
    _fill_schedule(page, "Wednesday", spring)
    page.get_by_text("Wed 17 Feb 2027: Half-term (Spring 2027)").wait_for()
    page.get_by_role("button", name="Apply this schedule").click()
    page.wait_for_url(re.compile(r"/calendar/runs/\d+/sessions/$"))
    check_page(page)
    run = GroupRun.objects.get(name="Spring Freedom group")
    assert run.sessions.count() == 8

    # Move the first session to the Thursday.
    page.get_by_role("link", name="Wed 6 Jan 2027, 10:00").click()
    check_page(page)
    page.get_by_label("Date").fill("2027-01-07")
    page.get_by_role("button", name="Move session").click()
    page.get_by_text("Session moved.").wait_for()

    # Cancel the second.
    page.get_by_role("link", name=re.compile("All sessions of")).click()
    page.get_by_role("link", name="Wed 13 Jan 2027, 10:00").click()
    page.get_by_text("Participants (1): Hazel").wait_for()
    page.get_by_label("Reason for cancelling").fill("Venue heating broken")
    page.get_by_role("button", name="Cancel session").click()
    page.get_by_text("Session cancelled.").wait_for()
    check_page(page)

    # Enrol another participant and see the outcome column.
    page.get_by_role("link", name=re.compile("All sessions of")).click()
    page.get_by_role("link", name=re.compile(": enrolments$")).click()
    page.get_by_label("Participant").select_option(label=spring["robin"])
    page.get_by_role("button", name="Enrol", exact=True).click()
    page.get_by_text("Robin is enrolled.").wait_for()
    table = page.get_by_role("table", name="People on this run")
    assert table.get_by_role("columnheader").all_inner_texts()[:4] == [
        "Person", "Status", "Outcome", "Attended"]
    assert table.get_by_role("row").filter(has_text="Robin").get_by_role(
        "cell").nth(2).inner_text() == "Not started"
    check_page(page)

    sessions = list(Session.objects.filter(run=run).order_by("number"))
    assert sessions[0].starts_at == dt.datetime(2027, 1, 7, 10, tzinfo=LONDON)
    assert sessions[1].status == SessionStatus.CANCELLED


def test_keep_apart_warning_then_override_on_the_run_page(tablet, live_server, spring):
    run = GroupRunFactory.create(room=RoomFactory.create(venue=GroupRun.objects.get(
        name="Tuesday men's group").venue, name="Annexe"), name="Tuesday women's group")
    start = dt.datetime.combine(FIRST_TUESDAY, dt.time(10), tzinfo=LONDON)
    SessionFactory.create(run=run, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    page = tablet
    sign_in(page, live_server, "cora", PASSWORD)
    page.get_by_role("link", name="Programmes, runs and enrolments").click()
    page.get_by_role("link", name="Tuesday women's group").click()

    page.get_by_label("Participant").select_option(label=spring["hazel"])
    page.get_by_role("button", name="Enrol", exact=True).click()
    page.get_by_role("heading", name="Keep-apart conflict").wait_for()
    check_page(page)
    page.get_by_label("Reason to place them despite the keep-apart conflict").fill(
        "Different entrance and times agreed")
    page.get_by_role("button", name="Enrol despite the conflict").click()
    page.get_by_text("Hazel is enrolled.").wait_for()

    assert PlacementOverride.objects.get().reason == "Different entrance and times agreed"
    page.get_by_role("link", name="Change Hazel").click()
    check_page(page)


@pytest.fixture
def desk(spring):
    """One of everything the desk's pages show."""
    run = GroupRun.objects.get(name="Tuesday men's group")
    session = run.sessions.order_by("starts_at")[0]
    enrolment = run.enrolments.get()
    return {"run": run.pk, "session": session.pk, "enrolment": enrolment.pk,
            "term": spring["term"].pk}


DESK_PAGES = [
    "/", "/programmes/", "/programmes/runs/new/", "/programmes/runs/{run}/edit/",
    "/programmes/runs/{run}/enrolments/", "/programmes/enrolments/{enrolment}/",
    "/calendar/runs/{run}/schedule/", "/calendar/runs/{run}/sessions/",
    "/calendar/sessions/{session}/", "/calendar/?term={term}", "/no-such-page/",
]


@pytest.mark.parametrize("url", DESK_PAGES)
def test_every_desk_page_meets_the_standard(tablet, live_server, desk, url):
    sign_in(tablet, live_server, "cora", PASSWORD)

    tablet.goto(live_server.url + url.format(**desk))

    assert tablet.locator("header.topbar").count() == 1
    check_page(tablet)


def test_the_403_page_meets_the_standard(tablet, live_server, spring):
    UserFactory.create(username="fran", role=Role.FACILITATOR)
    sign_in(tablet, live_server, "fran", PASSWORD)

    tablet.goto(f"{live_server.url}/programmes/")

    tablet.get_by_role("heading", name="You cannot open this page").wait_for()
    check_page(tablet, touch=True)
