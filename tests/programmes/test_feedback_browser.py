"""The participant's feedback on a real tablet (768×1024): one question per screen, axe
clean, no link out, a neutral ending, and nothing stored that leads back to her."""

from __future__ import annotations

import pytest

from programmes.enums import EnrolmentStatus
from programmes.models import Feedback, NamedFeedback
from scheduler.platform.roles import Role
from tests.browser import check_page, sign_in
from tests.factories import EnrolmentFactory, GroupRunFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


def links_on(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")


def test_a_participant_gives_feedback_one_question_per_screen_and_stays_anonymous(
        tablet, live_server):
    UserFactory.create(role=Role.FACILITATOR, username="fran")
    run = GroupRunFactory.create(facilitators=[UserFactory._meta.model.objects.get(
        username="fran")], name="Tuesday group")
    sam = EnrolmentFactory.create(run=run, status=EnrolmentStatus.COMPLETED,
                                  participant__known_as="Sam")
    EnrolmentFactory.create(run=run, status=EnrolmentStatus.COMPLETED,
                            participant__known_as="Kim")
    page = tablet
    sign_in(page, live_server, "fran", PASSWORD)

    page.click("nav >> text=Feedback")
    check_page(page, touch=True)
    page.select_option("#run-pick", str(run.pk))
    page.click("button:has-text('Feedback and next steps for this group')")
    page.wait_for_url(f"{live_server.url}/programmes/runs/{run.pk}/moving-on/")
    check_page(page, touch=True)
    page.click(f"form[action='/programmes/enrolments/{sam.pk}/feedback/hand-over/'] button")

    page.wait_for_url(f"{live_server.url}/programmes/feedback/take/")
    check_page(page, touch=True)
    assert links_on(page) == []
    page.click("button:has-text('Start')")
    for screen in ("rating", "comment", "name"):
        page.wait_for_selector("fieldset")
        check_page(page, touch=True)
        assert links_on(page) == []
        assert page.locator("fieldset").count() == 1
        assert not {"Kim", "Sam", "Tuesday"} & set(page.inner_text("body").split())
        if screen == "rating":
            page.locator("label.kiosk-option", has_text="4 · Good").click()
            page.click("button:has-text('Next')")
        elif screen == "comment":
            page.fill("textarea", "The group helped me feel less alone.")
            page.click("button:has-text('Next')")
        else:
            assert page.locator("input[value='no']").is_checked()  # anonymous by default
            page.click("button:has-text('Finish')")

    assert page.locator("h1").inner_text() == "Thank you"
    check_page(page, touch=True)
    assert links_on(page) == []
    row = Feedback.objects.values().get()
    assert (row["rating"], row["comment"], row["run_id"]) == (
        4, "The group helped me feel less alone.", run.pk)
    assert not NamedFeedback.objects.exists()
    page.goto(f"{live_server.url}/programmes/runs/{run.pk}/moving-on/")
    assert "/login/" in page.url  # nothing of anyone else is reachable from her tablet
