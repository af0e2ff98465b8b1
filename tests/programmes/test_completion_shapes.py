"""Who counts as starter and completer, per catalogue programme shape, from its rule as shipped.

The rules are read from the catalogue data migration (the rows a provider edits), so a test
here fails if the shipped defaults change without the tests changing with them.
"""

from __future__ import annotations

import pytest

from programmes.completion import Outcome, Slot, SlotState, evaluate, rule_for_programme
from programmes.models import ProgrammeType

pytestmark = pytest.mark.django_db

A, M, P, N = SlotState.ATTENDED, SlotState.MISSED, SlotState.PENDING, SlotState.NOT_EXPECTED


def rule_of(slug):
    programme = ProgrammeType.objects.get(slug=slug)
    core = frozenset(programme.topics.filter(is_core=True).values_list("id", flat=True))
    return rule_for_programme(programme), core, [t.id for t in programme.topics.all()]


def slots(*states, catch_ups=()):
    return [Slot(s) for s in states] + [Slot(s, is_catch_up=True) for s in catch_ups]


# Freedom Programme: rolling, complete when every core topic is covered, in any order.

def test_freedom_late_joiner_completes_after_covering_every_topic_across_the_cycle():
    rule, core, topics = rule_of("freedom-programme")
    # Joins at week 5, attends weeks 5–12, then weeks 1–4 of the next cycle.
    pattern = [Slot(N, topic=t) for t in topics[:4]] + [Slot(A, topic=t) for t in topics[4:]]
    pattern += [Slot(A, topic=t) for t in topics[:4]]

    evaluation = evaluate(rule, pattern, core_topics=core, open_ended=True)

    assert (evaluation.started, evaluation.completed, evaluation.missed) == (True, True, 0)


def test_freedom_missing_a_topic_leaves_her_on_track_while_the_group_rolls_on():
    rule, core, topics = rule_of("freedom-programme")
    pattern = [Slot(A, topic=t) for t in topics[:11]] + [Slot(M, topic=topics[11])]

    evaluation = evaluate(rule, pattern, core_topics=core, open_ended=True)

    assert (evaluation.completed, evaluation.outcome) == (False, Outcome.ON_TRACK)


def test_freedom_catch_up_covers_a_missed_topic():
    rule, core, topics = rule_of("freedom-programme")
    pattern = [Slot(A, topic=t) for t in topics[:11]] + [Slot(M, topic=topics[11])]
    pattern.append(Slot(A, topic=topics[11], is_catch_up=True))

    assert evaluate(rule, pattern, core_topics=core, open_ended=True).completed


def test_freedom_once_the_run_has_finished_an_uncovered_topic_cannot_be_completed():
    rule, core, topics = rule_of("freedom-programme")
    pattern = [Slot(A, topic=t) for t in topics[:11]] + [Slot(M, topic=topics[11])]

    evaluation = evaluate(rule, pattern, core_topics=core, open_ended=False)

    assert evaluation.outcome == Outcome.CANNOT_COMPLETE


# Recovery Toolkit: closed 12-week cohort, >= 75 % and the final session.

def test_recovery_toolkit_nine_of_twelve_including_the_final_completes():
    rule, _, _ = rule_of("recovery-toolkit")

    evaluation = evaluate(rule, slots(*[M] * 3, *[A] * 9))

    assert (evaluation.started, evaluation.completed) == (True, True)


def test_recovery_toolkit_missing_the_final_session_is_not_completion():
    rule, _, _ = rule_of("recovery-toolkit")

    evaluation = evaluate(rule, slots(*[A] * 11, M))

    assert (evaluation.completed, evaluation.outcome) == (False, Outcome.CANNOT_COMPLETE)


def test_recovery_toolkit_fourth_miss_means_she_can_no_longer_complete():
    rule, _, _ = rule_of("recovery-toolkit")

    three, four = evaluate(rule, slots(*[M] * 3, *[P] * 9)), evaluate(rule, slots(*[M] * 4,
                                                                             *[P] * 8))

    assert (three.outcome, four.outcome) == (Outcome.AT_RISK, Outcome.CANNOT_COMPLETE)


def test_recovery_toolkit_catch_up_makes_up_a_missed_week():
    rule, _, _ = rule_of("recovery-toolkit")

    evaluation = evaluate(rule, slots(*[M] * 4, *[A] * 8, catch_ups=[A]))

    assert evaluation.completed


def test_recovery_toolkit_never_attending_is_neither_starter_nor_completer():
    rule, _, _ = rule_of("recovery-toolkit")

    evaluation = evaluate(rule, slots(*[M] * 2, *[P] * 10))

    assert (evaluation.started, evaluation.completed, evaluation.outcome) == (
        False, False, Outcome.NOT_STARTED)


# Perpetrator programme: 26 sessions, at least 22 attended.

def test_perpetrator_22_of_26_completes_and_21_does_not():
    rule, _, _ = rule_of("perpetrator-programme")

    assert evaluate(rule, slots(*[A] * 22, *[M] * 4)).completed
    assert evaluate(rule, slots(*[A] * 21, *[M] * 5)).outcome == Outcome.CANNOT_COMPLETE


def test_perpetrator_late_joiner_is_judged_on_the_sessions_after_he_joined():
    rule, _, _ = rule_of("perpetrator-programme")
    # Joined at session 3 of a rolling-entry group: 24 expected, 22 attended.
    evaluation = evaluate(rule, slots(N, N, *[A] * 22, M, M))

    assert (evaluation.completed, evaluation.expected, evaluation.missed) == (True, 24, 2)


def test_perpetrator_catch_ups_count_towards_the_22():
    rule, _, _ = rule_of("perpetrator-programme")

    evaluation = evaluate(rule, slots(*[A] * 20, *[M] * 6, catch_ups=[A, A]))

    assert evaluation.completed


def test_perpetrator_attendance_policy_flags_three_misses_in_a_row():
    rule, _, _ = rule_of("perpetrator-programme")

    evaluation = evaluate(rule, slots(A, M, M, M, *[P] * 22))

    assert (evaluation.policy_breached, evaluation.can_complete) == (True, True)


# Drop-in: no enrolment; an attendance is counted, nobody "completes".

def test_drop_in_attender_is_a_starter_but_never_a_completer():
    rule, _, _ = rule_of("drop-in")

    evaluation = evaluate(rule, slots(A, M, A))

    assert (evaluation.started, evaluation.completed, evaluation.outcome) == (
        True, False, Outcome.ON_TRACK)


def test_one_off_training_attendance_is_completion():
    rule, _, _ = rule_of("training-awareness")

    assert evaluate(rule, slots(A)).completed
