import datetime as dt

import pytest

from attendance.models import MarkStatus
from attendance.outcomes import outcomes_for_enrolments, outcomes_for_run
from programmes.completion import Outcome
from programmes.enums import Delivery, RunStatus
from scheduler.calendar.enums import SessionKind, SessionStatus
from tests.attendance.factories import MarkFactory, RegisterFactory
from tests.factories import (
    LONDON,
    EnrolmentFactory,
    GroupRunFactory,
    ProgrammeTypeFactory,
    SessionFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 9, 8, 10, 0, tzinfo=LONDON)
NOW = dt.datetime(2026, 12, 31, 12, 0, tzinfo=LONDON)


def make_sessions(run, count, **kwargs):
    return [SessionFactory.create(run=run, number=i + 1, starts_at=START + dt.timedelta(weeks=i),
                           **kwargs) for i in range(count)]


def take(session, marks):
    """A register taken for `session` with {enrolment: status}."""
    RegisterFactory.create(session=session)
    for enrolment, status in marks.items():
        MarkFactory.create(session=session, enrolment=enrolment, status=status)


def test_outcomes_for_run_counts_present_and_late_as_attended():
    run = GroupRunFactory.create(programme__completion_min_percent=75)
    sessions = make_sessions(run, 4)
    enrolment = EnrolmentFactory.create(run=run)
    for session, status in zip(sessions, ["present", "late", "absent", "present"], strict=True):
        take(session, {enrolment: status})

    result = outcomes_for_run(run_id=run.pk, now=NOW)[enrolment.pk]

    assert (result.attended, result.expected, result.missed, result.completed) == (3, 4, 1, True)


def test_outcomes_for_run_treats_unmarked_participant_on_a_taken_register_as_missed():
    run = GroupRunFactory.create(programme__completion_min_percent=100)
    sessions = make_sessions(run, 2)
    enrolment = EnrolmentFactory.create(run=run)
    take(sessions[0], {})

    result = outcomes_for_run(run_id=run.pk, now=NOW)[enrolment.pk]

    assert (result.missed, result.outcome) == (1, Outcome.CANNOT_COMPLETE)


def test_outcomes_for_run_leaves_sessions_without_a_register_pending():
    run = GroupRunFactory.create(programme__completion_min_percent=50)
    make_sessions(run, 3)
    enrolment = EnrolmentFactory.create(run=run)

    result = outcomes_for_run(run_id=run.pk, now=NOW)[enrolment.pk]

    assert (result.missed, result.expected, result.outcome) == (0, 3, Outcome.NOT_STARTED)


def test_outcomes_for_run_does_not_expect_a_late_joiner_at_earlier_sessions():
    run = GroupRunFactory.create(programme__completion_min_percent=100)
    sessions = make_sessions(run, 3)
    enrolment = EnrolmentFactory.create(run=run,
                                        joined_at=sessions[1].starts_at - dt.timedelta(days=1))
    take(sessions[0], {})
    take(sessions[1], {enrolment: MarkStatus.PRESENT})
    take(sessions[2], {enrolment: MarkStatus.PRESENT})

    result = outcomes_for_run(run_id=run.pk, now=NOW)[enrolment.pk]

    assert (result.expected, result.attended, result.completed) == (2, 2, True)


def test_outcomes_for_run_does_not_expect_a_leaver_after_leaving():
    run = GroupRunFactory.create(programme__completion_min_percent=50)
    sessions = make_sessions(run, 4)
    enrolment = EnrolmentFactory.create(run=run, left_at=sessions[2].starts_at)
    take(sessions[0], {enrolment: MarkStatus.PRESENT})

    result = outcomes_for_run(run_id=run.pk, now=NOW)[enrolment.pk]

    assert (result.expected, result.attended) == (2, 1)


def test_outcomes_for_run_ignores_cancelled_sessions():
    run = GroupRunFactory.create(programme__completion_min_percent=100)
    sessions = make_sessions(run, 2)
    SessionFactory.create(run=run, number=3, starts_at=START + dt.timedelta(weeks=5),
                   status=SessionStatus.CANCELLED)
    enrolment = EnrolmentFactory.create(run=run)
    for session in sessions:
        take(session, {enrolment: MarkStatus.PRESENT})

    result = outcomes_for_run(run_id=run.pk, now=NOW)[enrolment.pk]

    assert (result.expected, result.completed) == (2, True)


def test_outcomes_for_run_counts_an_attended_catch_up_but_never_enlarges_the_denominator():
    run = GroupRunFactory.create(programme__completion_min_percent=100,
                          programme__catch_ups_allowed=True)
    sessions = make_sessions(run, 2)
    catch_up = SessionFactory.create(run=run, number=3, kind=SessionKind.CATCH_UP,
                              starts_at=START + dt.timedelta(days=10))
    SessionFactory.create(run=run, number=4, kind=SessionKind.CATCH_UP,
                   starts_at=START + dt.timedelta(days=11))
    enrolment = EnrolmentFactory.create(run=run)
    take(sessions[0], {enrolment: MarkStatus.ABSENT})
    take(catch_up, {enrolment: MarkStatus.PRESENT})
    take(sessions[1], {enrolment: MarkStatus.PRESENT})

    result = outcomes_for_run(run_id=run.pk, now=NOW)[enrolment.pk]

    assert (result.expected, result.attended, result.completed) == (2, 2, True)


def test_outcomes_for_run_needs_every_core_topic_on_a_rolling_programme():
    programme = ProgrammeTypeFactory.create(delivery=Delivery.ROLLING, completion_min_percent=None,
                                     completion_all_core_topics=True)
    topics = [TopicFactory.create(programme=programme, order=i) for i in (1, 2)]
    TopicFactory.create(programme=programme, order=3, is_core=False)
    run = GroupRunFactory.create(programme=programme, status=RunStatus.RUNNING)
    sessions = make_sessions(run, 3)
    for session, topic in zip(sessions, [topics[0], topics[1], topics[0]], strict=True):
        session.topic = topic
        session.save()
    done, partial = EnrolmentFactory.create(run=run), EnrolmentFactory.create(run=run)
    take(sessions[0], {done: MarkStatus.PRESENT, partial: MarkStatus.PRESENT})
    take(sessions[1], {done: MarkStatus.PRESENT, partial: MarkStatus.ABSENT})

    results = outcomes_for_run(run_id=run.pk, now=NOW)

    assert results[done.pk].completed is True
    assert (results[partial.pk].completed, results[partial.pk].can_complete) == (False, True)


def test_outcomes_for_run_is_closed_once_a_rolling_run_finishes():
    programme = ProgrammeTypeFactory.create(delivery=Delivery.ROLLING, completion_min_percent=None,
                                     completion_all_core_topics=True)
    topic = TopicFactory.create(programme=programme)
    run = GroupRunFactory.create(programme=programme, status=RunStatus.FINISHED)
    session = make_sessions(run, 1, topic=topic)[0]
    enrolment = EnrolmentFactory.create(run=run)
    take(session, {enrolment: MarkStatus.ABSENT})

    result = outcomes_for_run(run_id=run.pk, now=NOW)[enrolment.pk]

    assert result.outcome == Outcome.CANNOT_COMPLETE


@pytest.mark.parametrize("enrolled", [1, 3])
def test_outcomes_for_run_uses_a_constant_number_of_queries(enrolled,
                                                              django_assert_num_queries):
    run = GroupRunFactory.create()
    sessions = make_sessions(run, 4)
    enrolments = EnrolmentFactory.create_batch(enrolled, run=run)
    for session in sessions:
        take(session, dict.fromkeys(enrolments, MarkStatus.PRESENT))

    with django_assert_num_queries(4):
        results = outcomes_for_run(run_id=run.pk, now=NOW)

    assert len(results) == enrolled


def test_outcomes_for_enrolments_spans_runs_in_a_constant_number_of_queries(
        django_assert_num_queries):
    enrolments = []
    for _ in range(3):
        run = GroupRunFactory.create()
        take(make_sessions(run, 1)[0], {})
        enrolments.append(EnrolmentFactory.create(run=run))

    with django_assert_num_queries(4):
        results = outcomes_for_enrolments(enrolment_ids=[e.pk for e in enrolments], now=NOW)

    assert sorted(results) == sorted(e.pk for e in enrolments)
    assert [results[e.pk].missed for e in enrolments] == [1, 1, 1]


def test_outcomes_for_enrolments_of_nothing_is_empty(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert outcomes_for_enrolments(enrolment_ids=[]) == {}
