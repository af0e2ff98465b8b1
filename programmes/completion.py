"""The completion rule engine: plain functions over plain values, no database.

A participant's attendance on a run is a sequence of `Slot`s, one per non-cancelled session
of the run (future ones included, so the full denominator counts). The caller decides each
slot's state from the marks and the enrolment's dates; this module decides what it means.

Every part of a rule that is set must hold:
  * ``min_sessions``  — attended at least N expected sessions;
  * ``min_percent``   — attended at least P % of the expected sessions;
  * ``requires_final``— attended the last expected session;
  * ``all_core_topics`` — covered every core topic (rolling programmes), in any order.
A rule with ``completable=False`` (drop-ins: no enrolment, attendances are counted) has
starters but never completers, and is never reported as "cannot complete".
Catch-up sessions count only when the programme allows catch-ups; they never enlarge the
denominator. A run that is open-ended (rolling) can always still be completed while it runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum


class SlotState(StrEnum):
    ATTENDED = "attended"
    MISSED = "missed"  # absent, with or without apology
    PENDING = "pending"  # not yet held, or register not yet taken
    NOT_EXPECTED = "not_expected"  # before the participant joined or after they left


class Outcome(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"  # can still complete, but not if one more session is missed
    CANNOT_COMPLETE = "cannot_complete"
    COMPLETED = "completed"


@dataclass(frozen=True)
class Rule:
    min_sessions: int | None = None
    min_percent: int | None = None
    requires_final: bool = False
    all_core_topics: bool = False
    catch_ups_allowed: bool = True
    max_consecutive_misses: int | None = None
    max_total_misses: int | None = None
    completable: bool = True


@dataclass(frozen=True)
class Slot:
    state: SlotState
    topic: int | None = None
    is_catch_up: bool = False


@dataclass(frozen=True)
class Evaluation:
    started: bool
    completed: bool
    can_complete: bool
    outcome: Outcome
    attended: int
    expected: int
    missed: int
    topics_covered: frozenset[int]
    policy_breached: bool


def _counted(rule: Rule, slots: Sequence[Slot]) -> list[Slot]:
    return [s for s in slots if not s.is_catch_up or rule.catch_ups_allowed]


def _attended(rule: Rule, slots: Sequence[Slot]) -> int:
    regular = [s for s in slots if not s.is_catch_up and s.state != SlotState.NOT_EXPECTED]
    attended = sum(s.state == SlotState.ATTENDED for s in regular)
    if rule.catch_ups_allowed:
        attended += sum(s.is_catch_up and s.state == SlotState.ATTENDED for s in slots)
    return min(attended, len(regular))


def rule_met(rule: Rule, slots: Sequence[Slot], core_topics: Iterable[int] = ()) -> bool:
    """Does this attendance pattern satisfy the rule (ignoring anything still pending)?"""
    if not rule.completable:
        return False
    expected = [s for s in slots if not s.is_catch_up and s.state != SlotState.NOT_EXPECTED]
    attended = _attended(rule, slots)
    if rule.min_sessions is not None and attended < rule.min_sessions:
        return False
    if rule.min_percent is not None and attended * 100 < rule.min_percent * len(expected):
        return False
    if rule.requires_final and (not expected or expected[-1].state != SlotState.ATTENDED):
        return False
    if rule.all_core_topics:
        covered = {s.topic for s in _counted(rule, slots) if s.state == SlotState.ATTENDED}
        if not set(core_topics) <= covered:
            return False
    return attended > 0


def first_met_index(rule: Rule, slots: Sequence[Slot],
                    core_topics: Iterable[int] = ()) -> int | None:
    """The index of the attended slot at which the rule was first met, everything later
    being treated as not yet held; None if never. One pass with running totals: the same
    answer as re-running `rule_met` on each prefix (padded with the later regular slots as
    pending), without the quadratic cost on a long programme."""
    if not rule.completable:
        return None
    core = frozenset(core_topics)
    expected = [i for i, s in enumerate(slots)
                if not s.is_catch_up and s.state != SlotState.NOT_EXPECTED]
    regular = catch_ups = 0
    covered: set[int | None] = set()
    for i, slot in enumerate(slots):
        if slot.state != SlotState.ATTENDED:
            continue
        if slot.is_catch_up:
            catch_ups += rule.catch_ups_allowed
        else:
            regular += 1
        if not slot.is_catch_up or rule.catch_ups_allowed:
            covered.add(slot.topic)
        final_done = bool(expected) and expected[-1] <= i and (
            slots[expected[-1]].state == SlotState.ATTENDED)
        if _met(rule, min(regular + catch_ups, len(expected)), len(expected), final_done,
                core <= covered):
            return i
    return None


def _met(rule: Rule, attended: int, expected: int, final_done: bool, core_done: bool) -> bool:
    return not (
        (rule.min_sessions is not None and attended < rule.min_sessions)
        or (rule.min_percent is not None and attended * 100 < rule.min_percent * expected)
        or (rule.requires_final and not final_done)
        or (rule.all_core_topics and not core_done)
        or attended <= 0)


def _best_case(slots: Sequence[Slot]) -> list[Slot]:
    return [replace(s, state=SlotState.ATTENDED) if s.state == SlotState.PENDING else s
            for s in slots]


def _policy_breached(rule: Rule, slots: Sequence[Slot]) -> bool:
    run = longest = total = 0
    for slot in slots:
        if slot.is_catch_up or slot.state == SlotState.NOT_EXPECTED:
            continue
        if slot.state == SlotState.MISSED:
            run, total = run + 1, total + 1
            longest = max(longest, run)
        elif slot.state == SlotState.ATTENDED:
            run = 0
    too_many_in_a_row = rule.max_consecutive_misses is not None and (
        longest > rule.max_consecutive_misses)
    too_many = rule.max_total_misses is not None and total > rule.max_total_misses
    return too_many_in_a_row or too_many


def _misses_next_pending(slots: Sequence[Slot]) -> list[Slot]:
    """The pattern where the next pending regular session is missed."""
    out = list(slots)
    for i, slot in enumerate(out):
        if slot.state == SlotState.PENDING and not slot.is_catch_up:
            out[i] = replace(slot, state=SlotState.MISSED)
            break
    return out


def evaluate(rule: Rule, slots: Sequence[Slot], *, core_topics: Iterable[int] = (),
             open_ended: bool = False) -> Evaluation:
    core = frozenset(core_topics)
    completed = rule_met(rule, slots, core)
    started = any(s.state == SlotState.ATTENDED for s in slots)
    can_complete = completed or open_ended or rule_met(rule, _best_case(slots), core)
    has_pending = any(s.state == SlotState.PENDING and not s.is_catch_up for s in slots)
    one_more_miss_fatal = (
        has_pending and not open_ended
        and not rule_met(rule, _best_case(_misses_next_pending(slots)), core)
    )
    if completed:
        outcome = Outcome.COMPLETED
    elif not rule.completable:
        outcome = Outcome.ON_TRACK if started else Outcome.NOT_STARTED
    elif not can_complete:
        outcome = Outcome.CANNOT_COMPLETE
    elif one_more_miss_fatal:
        outcome = Outcome.AT_RISK
    elif not started:
        outcome = Outcome.NOT_STARTED
    else:
        outcome = Outcome.ON_TRACK
    regular = [s for s in slots if not s.is_catch_up and s.state != SlotState.NOT_EXPECTED]
    return Evaluation(
        started=started,
        completed=completed,
        can_complete=can_complete,
        outcome=outcome,
        attended=_attended(rule, slots),
        expected=len(regular),
        missed=sum(s.state == SlotState.MISSED for s in regular),
        topics_covered=frozenset(
            s.topic for s in _counted(rule, slots)
            if s.state == SlotState.ATTENDED and s.topic is not None),
        policy_breached=_policy_breached(rule, slots),
    )


def rule_for_programme(programme: object) -> Rule:
    """The Rule a ProgrammeType row describes (duck-typed to keep this module DB-free)."""
    return Rule(
        min_sessions=getattr(programme, "completion_min_sessions", None),
        min_percent=getattr(programme, "completion_min_percent", None),
        requires_final=bool(getattr(programme, "completion_requires_final", False)),
        all_core_topics=bool(getattr(programme, "completion_all_core_topics", False)),
        catch_ups_allowed=bool(getattr(programme, "catch_ups_allowed", True)),
        max_consecutive_misses=getattr(programme, "max_consecutive_misses", None),
        max_total_misses=getattr(programme, "max_total_misses", None),
        completable=getattr(programme, "delivery", None) != "drop_in",
    )


def out_of_reach_at(rule: Rule, slots: Sequence[Slot], *, core_topics: Iterable[int] = (),
                    open_ended: bool = False) -> int | None:
    """Index of the missed session that put completion out of reach (everything later
    treated as not yet held), or None while it can still be completed."""
    for i, slot in enumerate(slots):
        if slot.state != SlotState.MISSED:
            continue
        later = [replace(s, state=SlotState.PENDING) for s in slots[i + 1:]
                 if not s.is_catch_up and s.state != SlotState.NOT_EXPECTED]
        if not evaluate(rule, [*slots[:i + 1], *later], core_topics=core_topics,
                        open_ended=open_ended).can_complete:
            return i
    return None


def sessions_needed(rule: Rule, expected: int) -> int:
    """How many expected sessions the rule asks to be attended (0: no count is asked)."""
    by_percent = -(-(rule.min_percent or 0) * expected // 100)
    return max(rule.min_sessions or 0, by_percent)


def at_risk_reason(rule: Rule, evaluation: Evaluation) -> str:
    """Why an enrolment is at risk, in words a coordinator can act on (no personal data)."""
    need = sessions_needed(rule, evaluation.expected)
    if need:
        why = (f"needs {need} of {evaluation.expected} sessions, has {evaluation.attended}: "
               "one more missed session and completion is out of reach")
    elif rule.requires_final:
        why = "must attend the final session"
    elif rule.all_core_topics:
        why = "one more missed session leaves a core topic uncovered"
    else:
        why = "one more missed session and completion is out of reach"
    return why + ("; attendance policy breached" if evaluation.policy_breached else "")
