"""Outcome questionnaires over the API: definitions, attaching, paper entry, role scoping."""

import datetime as dt

import pytest

from programmes.enums import MeasurePoint
from scheduler.platform.roles import Role
from tests.factories import LONDON, EnrolmentFactory, GroupRunFactory, ProgrammeTypeFactory
from tests.programmes.factories import safer_questionnaire

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_a_coordinator_defines_and_attaches_a_questionnaire(client_for, make_user):
    client = client_for(make_user(Role.COORDINATOR))
    programme = ProgrammeTypeFactory.create()

    made = client.post("/api/questionnaires", {"name": "Wellbeing", "questions": [
        {"text": "I feel safer", "scale_min": 1, "scale_max": 5},
        {"text": "Do you know where to get help?", "kind": "choice",
         "choices": [{"value": 0, "label": "No"}, {"value": 1, "label": "Yes"}]}]},
        content_type=JSON)
    url = f"/api/programmes/{programme.pk}/questionnaires"
    body = {"questionnaire_id": made.json()["id"], "point": "intake"}
    first, again = (client.post(url, body, content_type=JSON) for _ in range(2))

    assert made.status_code == 201
    assert [q["kind"] for q in made.json()["questions"]] == ["scale", "choice"]
    assert first.status_code == 201
    assert again.status_code == 422
    assert again.json()["detail"][0]["loc"][-1] == "point"


@pytest.fixture
def world(make_user):
    facilitator = make_user(Role.FACILITATOR)
    run = GroupRunFactory.create(facilitators=[facilitator])
    questionnaire = safer_questionnaire(run.programme, MeasurePoint.INTAKE, MeasurePoint.EXIT)
    enrolment = EnrolmentFactory.create(run=run, joined_at=dt.datetime(2026, 1, 5, tzinfo=LONDON))
    return facilitator, enrolment, questionnaire


def test_a_facilitator_enters_a_paper_intake_and_a_bad_answer_is_a_field_error(client_for,
                                                                               world):
    facilitator, enrolment, questionnaire = world
    client = client_for(facilitator)
    intake = enrolment.run.programme.questionnaire_attachments.get(point="intake")
    q1, q2, _ = questionnaire.questions.all()
    url = f"/api/enrolments/{enrolment.pk}/questionnaires"

    bad = client.post(url, {"attachment_id": intake.pk, "answers": [
        {"question_id": q1.pk, "value": 9}]}, content_type=JSON)
    good = client.post(url, {"attachment_id": intake.pk, "answers": [
        {"question_id": q1.pk, "value": 2}, {"question_id": q2.pk, "value": None}]},
        content_type=JSON)

    assert bad.status_code == 422
    assert bad.json()["detail"][0]["msg"] == "Choose a number from 1 to 5."
    assert good.status_code == 201
    assert good.json()["response"]["answers"] == [{"question_id": q1.pk, "value": 2}]


def test_an_exit_before_the_intake_is_refused_over_the_api(client_for, world):
    facilitator, enrolment, _ = world
    exit_ = enrolment.run.programme.questionnaire_attachments.get(point="exit")

    refused = client_for(facilitator).post(f"/api/enrolments/{enrolment.pk}/questionnaires",
                                           {"attachment_id": exit_.pk}, content_type=JSON)

    assert refused.status_code == 422
    assert "intake questionnaire comes first" in refused.json()["detail"][0]["msg"]


def test_another_facilitator_sees_nothing_of_her_questionnaires(client_for, make_user, world):
    _, enrolment, _ = world
    client = client_for(make_user(Role.FACILITATOR))

    assert client.get(f"/api/enrolments/{enrolment.pk}/questionnaires").status_code == 404
    assert client.get("/api/questionnaires/due").json()["items"] == []


def test_a_manager_reads_no_questionnaire_of_a_person(client_for, make_user, world):
    _, enrolment, _ = world
    client = client_for(make_user(Role.MANAGER))

    assert client.get(f"/api/enrolments/{enrolment.pk}/questionnaires").status_code == 403
    assert client.get("/api/questionnaires/due").status_code == 403
