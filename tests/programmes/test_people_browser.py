"""The coordinator's people desk in a real browser (768 × 1024 Chromium), through links and
forms only: a participant with equality answers (some "prefer not to say"), her referral and
assessment, a keep-apart link, then a place offered from the waiting list and accepted, and
her outcome on the run. axe-core finds no serious or critical violation on any page."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from programmes.models import KeepApartLink, Participant
from scheduler.platform.roles import Role
from tests.browser import check_page, sign_in
from tests.factories import (
    LONDON,
    GroupRunFactory,
    ParticipantFactory,
    ProgrammeTypeFactory,
    SessionFactory,
    UserFactory,
)
from tests.programmes.factories import WaitingListEntryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


@pytest.fixture
def desk():
    """A programme that needs an assessment, an open run of it with sessions ahead, Magnus
    (on no run here) and a coordinator."""
    UserFactory.create(username="cora", role=Role.COORDINATOR)
    programme = ProgrammeTypeFactory.create(name="Recovery Toolkit (people)",
                                            requires_assessment=True)
    run = GroupRunFactory.create(programme=programme, name="Thursday toolkit", status="open",
                                 capacity=8)
    for week in range(4):
        start = dt.datetime(2027, 1, 7, 10, tzinfo=LONDON) + dt.timedelta(weeks=week)
        SessionFactory.create(run=run, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    for n in range(2):  # others already waiting, so the list is a table of several rows
        WaitingListEntryFactory.create(referral__programme=programme,
                                       referral__participant__known_as=f"Waiting {n}")
    return {"programme": programme, "magnus": ParticipantFactory.create(known_as="Magnus")}


def _create_hazel(page) -> None:
    page.get_by_role("link", name="Participants, referrals and keep-apart links").click()
    check_page(page)
    page.get_by_role("link", name="Add a participant").click()
    check_page(page)
    page.get_by_label("Known-as name").fill("Hazel")
    page.get_by_label("Legal name").fill("Hazel Example")
    page.get_by_label("Day").fill("27")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("1985")
    page.get_by_role("group", name="What is their sex?").get_by_label("Female").check()
    page.get_by_role("group", name=re.compile("^Is the gender they identify")).get_by_label(
        "Prefer not to say").check()
    page.get_by_role("group", name="What is their ethnic group?").get_by_label(
        "White", exact=True).check()
    page.get_by_role("group", name="White: background").get_by_label(
        "Irish", exact=True).check()
    page.get_by_role("group", name="What is their religion?").get_by_label(
        "Prefer not to say").check()
    page.get_by_role("button", name="Save participant").click()
    page.get_by_text("Hazel is saved.").wait_for()
    check_page(page)
    page.get_by_role("link", name="Edit details and equality answers").click()
    check_page(page)
    assert page.get_by_role("group", name="What is their religion?").get_by_label(
        "Prefer not to say").is_checked()
    page.get_by_role("link", name="Back", exact=True).click()


def _refer_and_assess(page, programme) -> None:
    page.get_by_role("link", name="Add a referral").click()
    check_page(page)
    page.get_by_label("Programme wanted").select_option(label=programme.name)
    page.get_by_label("Self-referral").check()
    page.get_by_label("Date received").fill("2026-11-02")
    page.get_by_role("button", name="Save referral").click()
    page.get_by_text("Referral recorded.").wait_for()
    page.get_by_role("link", name=re.compile("^Assessment")).click()
    check_page(page)
    page.get_by_label("Assessment sessions held").fill("2")
    page.get_by_label("Suitable", exact=True).check()
    page.get_by_label("Date decided").fill("2026-11-20")
    page.get_by_role("button", name="Save assessment").click()
    page.get_by_text("Assessment recorded.").wait_for()
    row = page.get_by_role("table", name="Referrals of Hazel").get_by_role("row").nth(1)
    assert "On waiting list" in row.inner_text() and "Suitable" in row.inner_text()


def _keep_apart(page, magnus) -> None:
    page.get_by_role("link", name="Keep-apart links").click()
    check_page(page)
    page.get_by_label("Reference of the other person").fill(magnus.reference)
    page.get_by_label("Reason").fill("Injunction")
    page.get_by_role("button", name="Keep them apart").click()
    page.get_by_text("Keep-apart link recorded.").wait_for()
    row = page.get_by_role("table", name="Who Hazel is kept apart from").get_by_role("row").nth(1)
    assert "Magnus" in row.inner_text() and "Injunction" in row.inner_text()
    check_page(page)


def _offer_and_accept(page, programme) -> None:
    page.get_by_role("link", name="Programmes", exact=True).click()
    page.get_by_role("row").filter(has_text=programme.name).get_by_role(
        "link", name="Waiting list").click()
    check_page(page)
    waiting = page.get_by_role("table", name="People waiting, in queue order")
    assert waiting.get_by_role("row").count() == 4  # header and three people, no forms
    assert waiting.locator("form").count() == 0
    page.get_by_role("link", name="Offer a place for Hazel").click()
    check_page(page)
    page.get_by_label("Offer a place on").select_option(label="Thursday toolkit")
    page.get_by_role("button", name="Offer the place").click()
    page.get_by_text("Offer made.").wait_for()
    check_page(page)
    page.get_by_role("link", name="Record the answer of Hazel").click()
    check_page(page)
    page.get_by_role("button", name="Accepted: enrol").click()
    page.get_by_text("Hazel is enrolled.").wait_for()


def test_coordinator_records_a_person_and_places_her_from_the_waiting_list(
        tablet, live_server, desk):
    page = tablet
    sign_in(page, live_server, "cora", PASSWORD)
    _create_hazel(page)
    _refer_and_assess(page, desk["programme"])
    _keep_apart(page, desk["magnus"])
    _offer_and_accept(page, desk["programme"])

    table = page.get_by_role("table", name="People on this run")
    assert table.get_by_role("columnheader").all_inner_texts()[:4] == [
        "Person", "Status", "Outcome", "Attended"]
    cells = table.get_by_role("row").filter(has_text="Hazel").get_by_role("cell")
    assert (cells.nth(1).inner_text(), cells.nth(2).inner_text()) == ("Enrolled", "Not started")
    check_page(page)

    # The run's crèche need, on the run's edit form.
    page.get_by_role("link", name="Edit the run").click()
    page.get_by_label("Crèche need: children per session").fill("4")
    page.get_by_role("button", name="Save run").click()
    page.get_by_text("crèche for 4").wait_for()

    hazel = Participant.objects.get(known_as="Hazel")
    d = hazel.demographics
    assert (d.sex, d.gender_same_as_sex, d.ethnic_group, d.ethnicity, d.religion,
            d.disability) == ("female", "prefer_not", "white", "white_irish", "prefer_not",
                              "not_asked")
    assert KeepApartLink.objects.get().reason == "Injunction"


def test_people_pages_meet_the_standard_with_errors_showing(tablet, live_server, desk):
    """The forms with field errors on them (the state most likely to break labelling)."""
    page = tablet
    sign_in(page, live_server, "cora", PASSWORD)
    page.goto(f"{live_server.url}/programmes/people/new/")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("1985")
    page.get_by_role("button", name="Save participant").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    check_page(page)
    magnus = desk["magnus"]
    page.goto(f"{live_server.url}/programmes/people/{magnus.pk}/keep-apart/")
    page.get_by_label("Reference of the other person").fill("GW-NONE-NONE")
    page.get_by_role("button", name="Keep them apart").click()
    page.get_by_text("No one has this reference.").wait_for()
    check_page(page)
    page.goto(f"{live_server.url}/programmes/referrals/")
    check_page(page)
