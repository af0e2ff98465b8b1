"""Outcomes as coordinators read them: at risk (why), cannot complete (since when), completed
(when), with attended/expected; on the enrolment API with a fixed number of queries."""


import pytest

from attendance.outcomes import outcome_details_for_enrolments
from programmes.completion import (
    Outcome,
    Rule,
    Slot,
    SlotState,
    at_risk_reason,
    evaluate,
    out_of_reach_at,
)
from programmes.outcome_views import cohort_completion, outcome_views
from scheduler.platform.roles import Role
from tests.attendance.test_outcomes import NOW, make_sessions, take
from tests.factories import EnrolmentFactory, GroupRunFactory

pytestmark = pytest.mark.django_db

A, M, P = SlotState.ATTENDED, SlotState.MISSED, SlotState.PENDING


def test_out_of_reach_at_is_the_miss_that_made_completion_impossible():
    rule = Rule(min_percent=75)
    slots = [Slot(s) for s in (A, M, A, M, P)]  # 2 misses of 4: out of reach at the second

    assert out_of_reach_at(rule, slots) == 3
    assert out_of_reach_at(rule, [Slot(s) for s in (A, M, P, P)]) is None


def test_at_risk_reason_says_how_many_sessions_are_needed():
    rule = Rule(min_percent=75)
    evaluation = evaluate(rule, [Slot(s) for s in (A, M, P, P)])

    assert evaluation.outcome == Outcome.AT_RISK
    assert at_risk_reason(rule, evaluation) == (
        "needs 3 of 4 sessions, has 1: one more missed session and completion is out of reach")


def _run_with(statuses):
    run = GroupRunFactory.create(programme__completion_min_percent=75)
    sessions = make_sessions(run, 4)
    enrolment = EnrolmentFactory.create(run=run)
    for session, status in zip(sessions, statuses, strict=False):
        take(session, {enrolment: status})
    return run, sessions, enrolment


def test_cannot_complete_dates_from_the_session_that_put_it_out_of_reach():
    _run, sessions, enrolment = _run_with(["present", "absent", "absent"])

    detail = outcome_details_for_enrolments(enrolment_ids=[enrolment.pk], now=NOW)[enrolment.pk]

    assert (detail.evaluation.outcome, detail.since) == (Outcome.CANNOT_COMPLETE,
                                                         sessions[2].starts_at)


def test_completed_dates_from_the_session_that_met_the_rule():
    _run, sessions, enrolment = _run_with(["present", "present", "present", "absent"])

    [view] = outcome_views([enrolment]).values()

    assert (view.outcome, view.since, view.attended, view.expected) == (
        "completed", sessions[2].starts_at, 3, 4)
    assert view.text == f"Completed {sessions[2].starts_at:%-d %b %Y}"


def test_a_completion_override_wins_and_says_so():
    _run, _sessions, enrolment = _run_with(["absent", "absent"])
    enrolment.completion_override = True
    enrolment.save()

    [view] = outcome_views([enrolment]).values()

    assert (view.outcome, view.why, view.overridden) == ("completed", "coordinator's override",
                                                         True)


def test_cohort_completion_counts_each_outcome():
    run, sessions, first = _run_with(["present", "present", "present"])
    second = EnrolmentFactory.create(run=run)
    take(sessions[3], {second: "absent"})

    cohort = cohort_completion(outcome_views([first, second]).values())

    assert cohort.total == 2
    assert dict(cohort.rows)["Completed"] == 1


@pytest.mark.parametrize("count", [1, 3])
def test_enrolment_api_carries_the_outcome_with_a_fixed_number_of_queries(
        count, client_for, make_user, django_assert_max_num_queries):
    run = GroupRunFactory.create(programme__completion_min_percent=75)
    sessions = make_sessions(run, 4)
    enrolments = [EnrolmentFactory.create(run=run) for _ in range(count)]
    take(sessions[0], {e: "present" for e in enrolments})
    take(sessions[1], {e: "absent" for e in enrolments})
    client = client_for(make_user(Role.COORDINATOR))

    with django_assert_max_num_queries(12):
        items = client.get(f"/api/enrolments?run_id={run.pk}").json()["items"]

    assert [i["outcome"]["outcome"] for i in items] == [Outcome.AT_RISK.value] * count
    assert items[0]["outcome"]["why"].startswith("needs 3 of 4 sessions, has 1")
    assert (items[0]["outcome"]["attended"], items[0]["outcome"]["expected"]) == (1, 4)
