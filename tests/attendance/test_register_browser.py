"""A facilitator takes a register in a real Chromium at tablet size."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import ViewportSize

from attendance.models import Mark
from scheduler.platform.roles import Role
from tests import browser
from tests.attendance.factories import held_session
from tests.factories import EnrolmentFactory, UserFactory

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
TABLET: ViewportSize = {"width": 800, "height": 1280}
PASSWORD = "correct horse battery"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(monkeypatch) -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("GROUPWORK_SKIP_BROWSER") == "1":
            pytest.skip("no Chromium and GROUPWORK_SKIP_BROWSER=1")
        pytest.fail(f"{CHROMIUM} is missing (set GROUPWORK_SKIP_BROWSER=1 to skip)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; Django's ORM calls in the test are still sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport=TABLET, has_touch=True)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


@pytest.fixture
def arranged():
    facilitator = UserFactory.create(role=Role.FACILITATOR, username="fran")
    session = held_session(facilitator)
    sam = EnrolmentFactory.create(run=session.run, participant__known_as="Sam")
    kim = EnrolmentFactory.create(run=session.run, participant__known_as="Kim")
    return session, sam, kim


def sign_in(page, live_server) -> None:
    browser.sign_in(page, live_server, "fran", PASSWORD)


def test_facilitator_takes_a_register_on_a_tablet(page, live_server, arranged):
    session, sam, kim = arranged
    sign_in(page, live_server)

    page.goto(f"{live_server.url}/attendance/sessions/{session.pk}/register/")
    page.get_by_role("group", name="Sam").get_by_text("Present").tap()
    page.get_by_role("group", name="Kim").get_by_text("Absent").tap()
    page.get_by_role("button", name="Save register").tap()

    page.get_by_text("Register saved").wait_for()
    assert dict(Mark.objects.values_list("enrolment_id", "status")) == {
        sam.pk: "present", kim.pk: "absent"}


def test_marks_taken_offline_are_sent_when_back_online(page, live_server, arranged):
    session, sam, kim = arranged
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/attendance/sessions/{session.pk}/register/")

    page.context.set_offline(True)
    page.get_by_role("group", name="Sam").get_by_text("Late").tap()
    page.get_by_role("group", name="Kim").get_by_text("Apology").tap()
    page.get_by_role("button", name="Save register").tap()
    page.get_by_text("kept on this tablet").first.wait_for()
    assert Mark.objects.count() == 0
    page.context.set_offline(False)

    page.get_by_text("the register is up to date").wait_for()
    assert dict(Mark.objects.values_list("enrolment_id", "status")) == {
        sam.pk: "late", kim.pk: "excused"}
