"""Each enrolment's completion outcome, derived from the run's sessions and the marks taken.

The rules themselves live in programmes/completion.py (pure functions). This module only
turns database rows into `Slot`s, in a fixed number of queries however many enrolments,
sessions or runs are involved:
  1. the enrolments (with run and programme),
  2. the runs' non-cancelled sessions, each flagged with whether its register was taken,
  3. the enrolments' marks,
  4. the programmes' core topics.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from attendance.models import Mark, MarkStatus, Register
from programmes.completion import (
    Evaluation,
    Outcome,
    Rule,
    Slot,
    SlotState,
    at_risk_reason,
    evaluate,
    first_met_index,
    out_of_reach_at,
    rule_for_programme,
)
from programmes.enums import Delivery, RunStatus
from programmes.models import Enrolment, GroupRun, Topic
from programmes.outcome_seam import OutcomeDetail
from scheduler.calendar.enums import SessionKind, SessionStatus
from scheduler.models import Session


@dataclass(frozen=True)
class SessionFacts:
    """What the slot rules need to know about one session (no ORM object)."""

    id: int
    starts_at: dt.datetime
    topic: int | None
    is_catch_up: bool
    register_taken: bool


def slot_for(session: SessionFacts, *, mark: str | None, joined_at: dt.datetime,
             left_at: dt.datetime | None, now: dt.datetime) -> Slot | None:
    """The state of one session for one participant; None for a catch-up they did not attend."""
    if session.is_catch_up:
        if mark is None:
            return None
        return Slot(_state_of(mark), topic=session.topic, is_catch_up=True)
    if session.starts_at < joined_at or (left_at is not None and session.starts_at >= left_at):
        return Slot(SlotState.NOT_EXPECTED, topic=session.topic)
    if mark is not None:
        return Slot(_state_of(mark), topic=session.topic)
    if session.register_taken and session.starts_at <= now:
        return Slot(SlotState.MISSED, topic=session.topic)
    return Slot(SlotState.PENDING, topic=session.topic)


def _state_of(mark: str) -> SlotState:
    return SlotState.ATTENDED if mark in MarkStatus.attended() else SlotState.MISSED


def timeline_for(enrolment: Enrolment, sessions: Sequence[SessionFacts],
                 marks: dict[int, str], now: dt.datetime) -> list[tuple[SessionFacts, Slot]]:
    """(session, slot) pairs for one enrolment, in session order; `marks`: session id → status."""
    pairs = ((s, slot_for(s, mark=marks.get(s.id), joined_at=enrolment.joined_at,
                          left_at=enrolment.left_at, now=now)) for s in sessions)
    return [(session, slot) for session, slot in pairs if slot is not None]


def slots_for(enrolment: Enrolment, sessions: Sequence[SessionFacts],
              marks: dict[int, str], now: dt.datetime) -> list[Slot]:
    return [slot for _, slot in timeline_for(enrolment, sessions, marks, now)]


def first_met_at(rule: Rule, timeline: Sequence[tuple[SessionFacts, Slot]],
                 core: frozenset[int]) -> dt.datetime | None:
    """When the rule was first met: the start of the attended session that completed it
    (linear in the number of sessions: programmes.completion.first_met_index)."""
    index = first_met_index(rule, [slot for _, slot in timeline], core)
    return None if index is None else timeline[index][0].starts_at


def completion_dates(*, enrolment_ids: Iterable[int],
                     now: dt.datetime | None = None) -> dict[int, dt.datetime]:
    """Enrolment id → when it was completed, for the completed ones (constant queries).

    An override to "completed" dates from the last attended session; to "not completed",
    never."""
    loaded = _load(Enrolment.objects.filter(pk__in=list(enrolment_ids)))
    out: dict[int, dt.datetime] = {}
    for e in loaded.enrolments:
        timeline = loaded.timeline(e, now or timezone.now())
        if e.completion_override is False:
            continue
        when = first_met_at(rule_for_programme(e.run.programme), timeline, loaded.core_of(e))
        if when is None and e.completion_override:
            attended = [s.starts_at for s, slot in timeline if slot.state == SlotState.ATTENDED]
            when = attended[-1] if attended else None
        if when is not None:
            out[e.pk] = when
    return out


def is_open_ended(run: GroupRun) -> bool:
    """A rolling programme can always still be completed while its run goes on."""
    return run.programme.delivery == Delivery.ROLLING and run.status not in (
        RunStatus.FINISHED, RunStatus.CANCELLED)


def outcomes_for_run(*, run_id: int, now: dt.datetime | None = None) -> dict[int, Evaluation]:
    """Enrolment id → Evaluation for every enrolment on the run."""
    enrolments = Enrolment.objects.filter(run_id=run_id)
    return _evaluate_all(enrolments, now=now or timezone.now())


def outcomes_for_enrolments(*, enrolment_ids: Iterable[int],
                            now: dt.datetime | None = None) -> dict[int, Evaluation]:
    """Enrolment id → Evaluation for the given enrolments (any mix of runs)."""
    enrolments = Enrolment.objects.filter(pk__in=list(enrolment_ids))
    return _evaluate_all(enrolments, now=now or timezone.now())


@dataclass(frozen=True)
class _Loaded:
    enrolments: list[Enrolment]
    sessions: dict[int, list[SessionFacts]]
    marks: dict[int, dict[int, str]]
    core: dict[int, frozenset[int]]

    def timeline(self, e: Enrolment, now: dt.datetime) -> list[tuple[SessionFacts, Slot]]:
        return timeline_for(e, self.sessions.get(e.run_id, []), self.marks.get(e.pk, {}), now)

    def core_of(self, e: Enrolment) -> frozenset[int]:
        return self.core.get(e.run.programme_id, frozenset())


def _load(enrolments: QuerySet[Enrolment]) -> _Loaded:
    rows = list(enrolments.select_related("run__programme"))
    if not rows:
        return _Loaded([], {}, {}, {})
    return _Loaded(rows, sessions_by_run({e.run_id for e in rows}),
                   marks_by_enrolment([e.pk for e in rows]),
                   core_topics_by_programme({e.run.programme_id for e in rows}))


def _evaluate_all(enrolments: QuerySet[Enrolment], *,
                  now: dt.datetime) -> dict[int, Evaluation]:
    loaded = _load(enrolments)
    return {
        e.pk: evaluate(rule_for_programme(e.run.programme),
                       [slot for _, slot in loaded.timeline(e, now)],
                       core_topics=loaded.core_of(e), open_ended=is_open_ended(e.run))
        for e in loaded.enrolments
    }


def sessions_by_run(run_ids: Iterable[int]) -> dict[int, list[SessionFacts]]:
    """Non-cancelled sessions of the runs, in order, with whether the register was taken."""
    qs = (Session.objects.filter(run_id__in=list(run_ids))
          .exclude(status=SessionStatus.CANCELLED)
          .annotate(register_taken=Exists(Register.objects.filter(session=OuterRef("pk"))))
          .order_by("starts_at", "id")
          .values_list("run_id", "id", "starts_at", "topic_id", "kind", "register_taken"))
    out: dict[int, list[SessionFacts]] = defaultdict(list)
    for run_id, pk, starts_at, topic_id, kind, taken in qs:
        out[run_id].append(SessionFacts(id=pk, starts_at=starts_at, topic=topic_id,
                                        is_catch_up=kind == SessionKind.CATCH_UP,
                                        register_taken=bool(taken)))
    return out


def marks_by_enrolment(enrolment_ids: Iterable[int]) -> dict[int, dict[int, str]]:
    qs = Mark.objects.filter(enrolment_id__in=list(enrolment_ids)).values_list(
        "enrolment_id", "session_id", "status")
    out: dict[int, dict[int, str]] = defaultdict(dict)
    for enrolment_id, session_id, status in qs:
        out[enrolment_id][session_id] = status
    return out


def core_topics_by_programme(programme_ids: Iterable[int]) -> dict[int, frozenset[int]]:
    qs = Topic.objects.filter(programme_id__in=list(programme_ids), is_core=True).values_list(
        "programme_id", "id")
    out: dict[int, set[int]] = defaultdict(set)
    for programme_id, topic_id in qs:
        out[programme_id].add(topic_id)
    return {k: frozenset(v) for k, v in out.items()}


# --- outcomes as coordinators read them (programmes.outcome_seam.OutcomeDetail) ---------------

def _detail_of(loaded: _Loaded, e: Enrolment, now: dt.datetime) -> OutcomeDetail:
    timeline = loaded.timeline(e, now)
    slots = [slot for _, slot in timeline]
    rule, core = rule_for_programme(e.run.programme), loaded.core_of(e)
    open_ended = is_open_ended(e.run)
    evaluation = evaluate(rule, slots, core_topics=core, open_ended=open_ended)
    if evaluation.outcome == Outcome.COMPLETED:
        return OutcomeDetail(evaluation, since=first_met_at(rule, timeline, core))
    if evaluation.outcome == Outcome.CANNOT_COMPLETE:
        index = out_of_reach_at(rule, slots, core_topics=core, open_ended=open_ended)
        return OutcomeDetail(evaluation, since=timeline[index][0].starts_at
                             if index is not None else None)
    if evaluation.outcome == Outcome.AT_RISK:
        return OutcomeDetail(evaluation, why=at_risk_reason(rule, evaluation))
    return OutcomeDetail(evaluation)


def outcome_details_for_enrolments(*, enrolment_ids: Iterable[int],
                                   now: dt.datetime | None = None) -> dict[int, OutcomeDetail]:
    """Enrolment id → OutcomeDetail (the same queries as outcomes_for_enrolments)."""
    loaded = _load(Enrolment.objects.filter(pk__in=list(enrolment_ids)))
    moment = now or timezone.now()
    return {e.pk: _detail_of(loaded, e, moment) for e in loaded.enrolments}
