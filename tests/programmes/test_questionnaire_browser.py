"""The participant's questionnaire on a real tablet: one question per screen, no way out."""

from __future__ import annotations

import datetime as dt

import pytest

from programmes.enums import MeasurePoint, ResponseStatus
from programmes.models import QuestionnaireResponse
from scheduler.platform.roles import Role
from tests.browser import check_page, sign_in
from tests.factories import EnrolmentFactory, GroupRunFactory, UserFactory
from tests.programmes.factories import safer_questionnaire

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


def links_on(page) -> list[str]:
    return page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")


def test_a_participant_answers_one_question_per_screen_and_ends_on_a_neutral_page(
        tablet, live_server):
    facilitator = UserFactory.create(role=Role.FACILITATOR, username="fran")
    run = GroupRunFactory.create(facilitators=[facilitator], name="Tuesday group")
    safer_questionnaire(run.programme, MeasurePoint.INTAKE)
    enrolment = EnrolmentFactory.create(run=run, participant__known_as="Sam",
                                        joined_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    other = EnrolmentFactory.create(run=run, participant__known_as="Kim",
                                    joined_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    page = tablet
    sign_in(page, live_server, "fran", PASSWORD)

    page.click("nav >> text=Questionnaires")
    check_page(page, touch=True)
    page.click(f"a[href='/programmes/questionnaires/enrolment/{enrolment.pk}/']")
    check_page(page, touch=True)
    page.click("button:has-text('Hand the tablet over')")

    page.wait_for_url(f"{live_server.url}/programmes/take/")
    check_page(page, touch=True)
    assert links_on(page) == []
    page.click("button:has-text('Start')")
    answers = {1: "4 ", 3: "Yes"}
    for step in (1, 2, 3):
        page.wait_for_url(f"{live_server.url}/programmes/take/{step}/")
        check_page(page, touch=True)
        assert links_on(page) == []
        assert page.locator("fieldset").count() == 1
        assert not {"Kim", "Sam", "Tuesday"} & set(page.inner_text("body").split())
        if step in answers:
            page.locator("label.kiosk-option", has_text=answers[step]).first.click()
            page.click("button:has-text('Next')")
        else:
            page.click("button:has-text('Skip this question')")

    assert page.locator("h1").inner_text() == "Thank you"
    check_page(page, touch=True)
    assert links_on(page) == []
    response = QuestionnaireResponse.objects.get()
    assert (response.enrolment, response.status, response.mode) == (
        enrolment, ResponseStatus.TAKEN, "tablet")
    assert dict(response.answers.values_list("question__order", "value")) == {1: 4, 3: 2}
    page.goto(f"{live_server.url}/programmes/questionnaires/enrolment/{other.pk}/")
    assert "/login/" in page.url  # nothing of anyone else is reachable from her tablet
