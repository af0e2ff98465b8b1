"""Outcome questionnaires: defined as data, attached to programme types, due and taken."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from programmes.enums import EnrolmentStatus, MeasurePoint, ResponseStatus
from programmes.measure_selectors import questionnaires_for, questionnaires_outstanding
from programmes.measures import EnrolmentFacts, change, improved, is_due, opens_at
from programmes.models import Answer
from programmes.services import measures
from scheduler.platform.roles import Role
from tests.factories import LONDON, EnrolmentFactory, GroupRunFactory, SessionFactory
from tests.programmes.factories import safer_questionnaire

pytestmark = pytest.mark.django_db
INTAKE, MID, EXIT = MeasurePoint.INTAKE, MeasurePoint.MID_POINT, MeasurePoint.EXIT


def at(month, day):
    return dt.datetime(2026, month, day, 10, tzinfo=LONDON)


WEEKS = [at(9, 8) + dt.timedelta(weeks=n) for n in range(4)]  # 8, 15, 22, 29 September


def facts(status=EnrolmentStatus.ENROLLED, left_at=None, completed_at=None):
    return EnrolmentFacts(status=status, joined_at=at(9, 1), left_at=left_at,
                          session_starts=WEEKS, completed_at=completed_at)


def test_intake_opens_on_joining_mid_point_at_the_middle_session_exit_at_the_last():
    assert [opens_at(p, facts()) for p in (INTAKE, MID, EXIT)] == [at(9, 1), WEEKS[2], WEEKS[3]]


def test_exit_opens_early_when_she_leaves_or_completes():
    assert opens_at(EXIT, facts(left_at=at(9, 16))) == at(9, 16)
    assert opens_at(EXIT, facts(completed_at=at(9, 23))) == at(9, 23)


def test_after_leaving_only_the_exit_questionnaire_is_still_due():
    left = facts(EnrolmentStatus.WITHDRAWN, left_at=at(9, 16))

    assert [is_due(p, left, now=at(10, 1)) for p in (INTAKE, MID, EXIT)] == [False, False, True]


def test_nothing_is_due_before_she_has_a_place():
    waiting = facts(EnrolmentStatus.WAITING)

    assert [is_due(p, waiting, now=at(10, 1)) for p in (INTAKE, MID, EXIT)] == [False] * 3


def test_improvement_follows_the_direction_of_the_question():
    assert improved(intake=2, exit=4, higher_is_better=True)
    assert improved(intake=4, exit=2, higher_is_better=False)
    assert not improved(intake=3, exit=3, higher_is_better=True)
    assert change(intake=4, exit=1, higher_is_better=False) == 3


@pytest.fixture
def run():
    run = GroupRunFactory.create()
    for n, starts in enumerate(WEEKS, start=1):
        SessionFactory.create(run=run, number=n, starts_at=starts,
                              ends_at=starts + dt.timedelta(hours=2))
    return run


@pytest.fixture
def questionnaire(run):
    return safer_questionnaire(run.programme, INTAKE, EXIT)


@pytest.fixture
def enrolment(run):
    return EnrolmentFactory.create(run=run, joined_at=at(9, 1))


def test_attaching_a_questionnaire_twice_at_the_same_point_is_refused(run, questionnaire):
    with pytest.raises(ValidationError) as exc:
        measures.questionnaire_attach(programme=run.programme, questionnaire=questionnaire,
                                      point=INTAKE)

    assert exc.value.message_dict["point"] == [
        f"{questionnaire.name} is already asked at intake on this programme."]


def test_the_same_questionnaire_may_also_be_attached_at_another_point(run, questionnaire):
    measures.questionnaire_attach(programme=run.programme, questionnaire=questionnaire,
                                  point=MID)

    assert sorted(run.programme.questionnaire_attachments.values_list("point", flat=True)) == [
        "exit", "intake", "mid_point"]


def test_a_scale_must_run_upwards():
    with pytest.raises(ValidationError) as exc:
        measures.questionnaire_create(name="Bad", questions=[
            measures.QuestionSpec("Backwards", scale_min=5, scale_max=1)])

    assert "questions[0]" in exc.value.message_dict


def test_an_answer_outside_its_scale_is_refused(enrolment, questionnaire):
    response = measures.response_start(enrolment=enrolment, questionnaire=questionnaire,
                                       point=INTAKE, by=None)
    safer = questionnaire.questions.get(order=1)

    with pytest.raises(ValidationError) as exc:
        measures.answer_record(response=response, question=safer, value=6)

    assert exc.value.message_dict == {"value": ["Choose a number from 1 to 5."]}
    assert not Answer.objects.exists()


def test_a_choice_answer_must_be_one_of_its_choices(enrolment, questionnaire):
    children = questionnaire.questions.get(order=3)

    with pytest.raises(ValidationError) as exc:
        measures.response_record_paper(enrolment=enrolment, questionnaire=questionnaire,
                                       point=INTAKE, answers={children.pk: 7}, by=None)

    assert exc.value.message_dict == {f"q{children.pk}": ["Choose one of the answers given."]}
    assert not enrolment.questionnaire_responses.exists()  # nothing half-saved


def test_an_exit_questionnaire_before_the_intake_is_refused(enrolment, questionnaire):
    with pytest.raises(ValidationError) as exc:
        measures.response_start(enrolment=enrolment, questionnaire=questionnaire,
                                point=EXIT, by=None)

    assert exc.value.message_dict == {"point": [
        "The intake questionnaire comes first: take it or record it as declined before "
        "the exit one."]}


def test_a_declined_intake_lets_the_exit_be_taken(enrolment, questionnaire):
    measures.response_decline(enrolment=enrolment, questionnaire=questionnaire, point=INTAKE,
                              by=None)

    response = measures.response_start(enrolment=enrolment, questionnaire=questionnaire,
                                       point=EXIT, by=None)

    assert response.status == ResponseStatus.IN_PROGRESS


def test_skipped_questions_leave_no_answer(enrolment, questionnaire):
    q1, q2, q3 = questionnaire.questions.all()

    response = measures.response_record_paper(
        enrolment=enrolment, questionnaire=questionnaire, point=INTAKE,
        answers={q1.pk: 2, q2.pk: None, q3.pk: 1}, by=None)

    assert response.status == ResponseStatus.TAKEN
    assert dict(response.answers.values_list("question__order", "value")) == {1: 2, 3: 1}


def test_a_taken_questionnaire_cannot_be_taken_again(enrolment, questionnaire):
    measures.response_record_paper(enrolment=enrolment, questionnaire=questionnaire,
                                   point=INTAKE, answers={}, by=None)

    with pytest.raises(ValidationError) as exc:
        measures.response_start(enrolment=enrolment, questionnaire=questionnaire,
                                point=INTAKE, by=None)

    assert exc.value.message_dict == {"point": ["This questionnaire has already been taken."]}


def states(enrolment, now):
    return [(i.attachment.point, i.is_due, i.response.status if i.response else None)
            for i in questionnaires_for([enrolment], now=now)]


def test_intake_and_exit_due_then_taken_on_the_enrolment(enrolment, questionnaire):
    assert states(enrolment, at(9, 2)) == [(INTAKE, True, None), (EXIT, False, None)]

    measures.response_record_paper(enrolment=enrolment, questionnaire=questionnaire,
                                   point=INTAKE, answers={}, by=None)
    assert states(enrolment, at(9, 29)) == [(INTAKE, True, "taken"), (EXIT, True, None)]

    measures.response_record_paper(enrolment=enrolment, questionnaire=questionnaire,
                                   point=EXIT, answers={}, by=None)
    assert states(enrolment, at(9, 29)) == [(INTAKE, True, "taken"), (EXIT, True, "taken")]


def test_the_due_list_shows_only_a_facilitators_own_groups(make_user, run, questionnaire,
                                                           enrolment):
    own = make_user(Role.FACILITATOR)
    run.facilitators.set([own])
    other = make_user(Role.FACILITATOR)
    coordinator = make_user(Role.COORDINATOR)

    due = {u.username: [(i.enrolment.pk, i.attachment.point)
                        for i in questionnaires_outstanding(user=u, now=at(9, 2))]
           for u in (own, other, coordinator)}

    assert due == {own.username: [(enrolment.pk, INTAKE)], other.username: [],
                   coordinator.username: [(enrolment.pk, INTAKE)]}


def test_the_due_list_reads_in_a_fixed_number_of_queries(make_user, run, questionnaire,
                                                         django_assert_max_num_queries):
    coordinator = make_user(Role.COORDINATOR)
    EnrolmentFactory.create(run=run, joined_at=at(9, 1))
    with django_assert_max_num_queries(6):
        assert len(questionnaires_outstanding(user=coordinator, now=at(9, 2))) == 1
    EnrolmentFactory.create_batch(3, run=run, joined_at=at(9, 1))
    with django_assert_max_num_queries(6):
        assert len(questionnaires_outstanding(user=coordinator, now=at(9, 2))) == 4
