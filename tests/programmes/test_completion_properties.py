"""Property tests for the pure completion engine (programmes/completion.py)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from programmes.completion import Outcome, Rule, Slot, SlotState, evaluate, rule_met

TOPICS = list(range(1, 13))

states = st.sampled_from(list(SlotState))
slots_st = st.lists(
    st.builds(Slot, state=states, topic=st.one_of(st.none(), st.sampled_from(TOPICS)),
              is_catch_up=st.booleans()),
    max_size=30)
rules = st.builds(
    Rule,
    min_sessions=st.one_of(st.none(), st.integers(1, 30)),
    min_percent=st.one_of(st.none(), st.integers(1, 100)),
    requires_final=st.booleans(),
    all_core_topics=st.booleans(),
    catch_ups_allowed=st.booleans(),
)
core_st = st.frozensets(st.sampled_from(TOPICS), max_size=12)


@given(rules, slots_st, core_st, st.data())
def test_attending_a_missed_or_pending_session_never_undoes_completion(rule, slots, core, data):
    if not slots or not evaluate(rule, slots, core_topics=core).completed:
        return
    i = data.draw(st.integers(0, len(slots) - 1))
    if slots[i].state not in (SlotState.MISSED, SlotState.PENDING):
        return
    better = [*slots[:i], replace(slots[i], state=SlotState.ATTENDED), *slots[i + 1:]]

    assert evaluate(rule, better, core_topics=core).completed


@given(rules, slots_st, core_st, st.one_of(st.none(), st.sampled_from(TOPICS)), st.booleans(),
       st.data())
def test_adding_an_attended_session_never_undoes_completion(rule, slots, core, topic, catch_up,
                                                            data):
    if not evaluate(rule, slots, core_topics=core).completed:
        return
    at = data.draw(st.integers(0, len(slots)))
    extra = Slot(SlotState.ATTENDED, topic=topic, is_catch_up=catch_up)

    assert evaluate(rule, [*slots[:at], extra, *slots[at:]], core_topics=core).completed


@given(st.booleans(), slots_st, core_st, st.randoms())
def test_rolling_completion_is_independent_of_topic_order(catch_ups, slots, core, rnd):
    rule = Rule(all_core_topics=True, catch_ups_allowed=catch_ups)
    shuffled = list(slots)
    rnd.shuffle(shuffled)

    before = evaluate(rule, slots, core_topics=core, open_ended=True)
    after = evaluate(rule, shuffled, core_topics=core, open_ended=True)

    assert (after.completed, after.topics_covered) == (before.completed, before.topics_covered)


@given(rules, slots_st, core_st)
def test_cannot_complete_is_never_reported_when_the_best_case_completes(rule, slots, core):
    best = [replace(s, state=SlotState.ATTENDED) if s.state == SlotState.PENDING else s
            for s in slots]

    if evaluate(rule, slots, core_topics=core).outcome == Outcome.CANNOT_COMPLETE:
        assert not rule_met(rule, best, core)
    if rule_met(rule, best, core):
        assert evaluate(rule, slots, core_topics=core).can_complete


@given(rules, slots_st, core_st)
def test_a_starter_is_anyone_who_attended_a_session(rule, slots, core):
    started = evaluate(rule, slots, core_topics=core).started

    assert started == any(s.state == SlotState.ATTENDED for s in slots)


@given(rules, slots_st, core_st, st.integers(0, 10))
def test_sessions_before_a_late_joiner_joined_are_never_absences(rule, slots, core, before):
    late = [Slot(SlotState.NOT_EXPECTED, topic=None)] * before + slots

    on_time, joined_late = evaluate(rule, slots, core_topics=core), evaluate(
        rule, late, core_topics=core)

    assert (joined_late.completed, joined_late.missed, joined_late.expected) == (
        on_time.completed, on_time.missed, on_time.expected)


@given(rules, slots_st, core_st)
def test_a_completer_always_attended_something(rule, slots, core):
    evaluation = evaluate(rule, slots, core_topics=core)

    assert not evaluation.completed or evaluation.started


@given(rules, slots_st, core_st)
def test_at_risk_means_one_more_miss_would_end_the_chance_of_completing(rule, slots, core):
    if evaluate(rule, slots, core_topics=core).outcome != Outcome.AT_RISK:
        return
    i = next(i for i, s in enumerate(slots) if s.state == SlotState.PENDING and not s.is_catch_up)
    missed = [*slots[:i], replace(slots[i], state=SlotState.MISSED), *slots[i + 1:]]

    assert evaluate(rule, missed, core_topics=core).outcome == Outcome.CANNOT_COMPLETE


@given(rules, slots_st, core_st)
def test_a_pattern_with_nothing_pending_is_never_at_risk(rule, slots, core):
    settled = [s for s in slots if s.state != SlotState.PENDING]

    assert evaluate(rule, settled, core_topics=core).outcome != Outcome.AT_RISK
