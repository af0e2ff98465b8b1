"""first_met_index: one pass, the same answer as re-running the rule on every prefix."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings

from programmes.completion import Rule, Slot, SlotState, first_met_index, rule_met
from tests.programmes.test_completion_properties import core_st, rules, slots_st


def first_met_by_prefixes(rule: Rule, slots: list[Slot], core: frozenset[int]) -> int | None:
    """The definition, quadratic: at each attended slot, is the rule met if everything later
    is not yet held?"""
    for i, slot in enumerate(slots):
        if slot.state != SlotState.ATTENDED:
            continue
        later = [replace(s, state=SlotState.PENDING) for s in slots[i + 1:]
                 if not s.is_catch_up and s.state != SlotState.NOT_EXPECTED]
        if rule_met(rule, [*slots[:i + 1], *later], core):
            return i
    return None


@settings(max_examples=400)
@given(rules, slots_st, core_st)
def test_first_met_index_agrees_with_the_prefix_definition(rule, slots, core):
    assert first_met_index(rule, slots, core) == first_met_by_prefixes(rule, slots, core)


def test_first_met_index_is_the_session_that_reaches_the_minimum():
    slots = [Slot(SlotState.ATTENDED), Slot(SlotState.MISSED), Slot(SlotState.ATTENDED),
             Slot(SlotState.ATTENDED), Slot(SlotState.PENDING)]

    assert first_met_index(Rule(min_sessions=3), slots) == 3


def test_first_met_index_is_none_for_a_drop_in():
    assert first_met_index(Rule(completable=False), [Slot(SlotState.ATTENDED)]) is None
