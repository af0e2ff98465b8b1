"""Questionnaire pages over HTTP: staff lists and paper entry, the participant's tablet."""

import datetime as dt

import pytest
import time_machine

from programmes.enums import MeasurePoint, ResponseStatus
from programmes.models import QuestionnaireResponse
from programmes.services.measures import response_start
from scheduler.platform.roles import Role
from tests.factories import LONDON, EnrolmentFactory, GroupRunFactory, SessionFactory
from tests.programmes.factories import safer_questionnaire

pytestmark = pytest.mark.django_db


def csrf_post(client, url, data):
    client.get("/")  # sets the CSRF cookie, as a browser would have it
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})
NOW = dt.datetime(2026, 9, 2, 12, tzinfo=LONDON)


@pytest.fixture
def world(make_user):
    facilitator = make_user(Role.FACILITATOR)
    run = GroupRunFactory.create(facilitators=[facilitator])
    SessionFactory.create(run=run, number=1, starts_at=dt.datetime(2026, 9, 8, 10, tzinfo=LONDON),
                          ends_at=dt.datetime(2026, 9, 8, 12, tzinfo=LONDON))
    questionnaire = safer_questionnaire(run.programme, MeasurePoint.INTAKE, MeasurePoint.EXIT)
    enrolment = EnrolmentFactory.create(run=run, participant__known_as="Sam",
                                        joined_at=dt.datetime(2026, 9, 1, tzinfo=LONDON))
    intake = run.programme.questionnaire_attachments.get(point=MeasurePoint.INTAKE)
    return facilitator, enrolment, questionnaire, intake


@time_machine.travel(NOW)
def test_the_due_list_links_to_her_questionnaires(browser_client_for, world):
    facilitator, enrolment, _, _ = world

    page = browser_client_for(facilitator).get("/programmes/questionnaires/due/")

    assert page.status_code == 200
    assert f"/programmes/questionnaires/enrolment/{enrolment.pk}/" in page.content.decode()


def test_another_facilitator_cannot_open_her_questionnaires(browser_client_for, make_user,
                                                            world):
    _, enrolment, _, intake = world
    client = browser_client_for(make_user(Role.FACILITATOR))

    assert [client.get(url).status_code for url in (
        f"/programmes/questionnaires/enrolment/{enrolment.pk}/",
        f"/programmes/questionnaires/enrolment/{enrolment.pk}/{intake.pk}/paper/")] == [404, 404]


def test_a_manager_cannot_open_questionnaire_pages(browser_client_for, make_user, world):
    _, enrolment, _, _ = world
    client = browser_client_for(make_user(Role.MANAGER))

    assert [client.get(url).status_code for url in (
        "/programmes/questionnaires/due/",
        f"/programmes/questionnaires/enrolment/{enrolment.pk}/")] == [403, 403]


def test_paper_entry_saves_answers_and_skips(browser_client_for, world):
    facilitator, enrolment, questionnaire, intake = world
    q1, q2, q3 = questionnaire.questions.all()

    page = csrf_post(
        browser_client_for(facilitator),
        f"/programmes/questionnaires/enrolment/{enrolment.pk}/{intake.pk}/paper/",
        {f"q{q1.pk}": "2", f"q{q2.pk}": "", f"q{q3.pk}": "1"})

    assert page.status_code == 302
    response = QuestionnaireResponse.objects.get()
    assert (response.status, response.mode, response.recorded_by) == (
        ResponseStatus.TAKEN, "paper", facilitator)
    assert dict(response.answers.values_list("question__order", "value")) == {1: 2, 3: 1}


def test_paper_entry_of_an_exit_before_the_intake_shows_the_reason(browser_client_for, world):
    facilitator, enrolment, questionnaire, _ = world
    exit_ = enrolment.run.programme.questionnaire_attachments.get(point=MeasurePoint.EXIT)

    page = csrf_post(browser_client_for(facilitator),
                     f"/programmes/questionnaires/enrolment/{enrolment.pk}/{exit_.pk}/paper/", {})

    assert page.status_code == 400
    assert "The intake questionnaire comes first" in page.content.decode()
    assert not QuestionnaireResponse.objects.exists()


def test_handing_over_signs_staff_out_and_reaches_only_her_questionnaire(browser_client_for,
                                                                        world):
    facilitator, enrolment, questionnaire, intake = world
    client = browser_client_for(facilitator)
    handed = csrf_post(
        client, f"/programmes/questionnaires/enrolment/{enrolment.pk}/{intake.pk}/hand-over/", {})

    assert handed.url == "/programmes/take/"
    assert client.get("/programmes/questionnaires/due/").status_code == 302  # to the login
    assert client.get(f"/programmes/questionnaires/enrolment/{enrolment.pk}/").status_code == 302
    assert "There are 3 questions" in client.get("/programmes/take/").content.decode()


def test_the_tablet_refuses_an_answer_outside_the_choices_and_keeps_nothing(client, world):
    _, enrolment, questionnaire, intake = world
    response = response_start(enrolment=enrolment, questionnaire=questionnaire,
                              point=intake.point, by=None)
    session = client.session
    session["questionnaire_response"] = response.pk
    session.save()

    page = client.post("/programmes/take/1/", {"action": "answer", "value": "9"})

    assert page.status_code == 400
    assert "Select a valid choice" in page.content.decode()
    assert not response.answers.exists()


def test_without_a_handed_over_questionnaire_the_tablet_shows_only_the_neutral_screen(client):
    page = client.get("/programmes/take/1/")

    assert page.status_code == 200
    assert "Please hand the tablet back." in page.content.decode()
