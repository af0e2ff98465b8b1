"""The enrolments a quarter's return counts, with their facts, read once per computation.

`return_basis(quarter, scope)` reads, in one pass (attendance.enrolment_facts), every
enrolment the return's people figures are about:
  * the cut's enrolments on group programmes that attended a session held in the quarter
    (every starter and completer of the quarter is one: a start and a completion both
    happen at an attended session), and
  * every enrolment on a cohort: a group run in the cut whose last session held fell in
    the quarter (completion per cohort).
Inside `return_pass()` (the task computing one return) it is read once and shared by the
headline figures and every section that needs it; outside, each call reads afresh.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Max, Min, Q

from attendance.enrolment_facts import EnrolmentFacts, enrolment_facts
from attendance.models import Mark, MarkStatus
from attendance.quarters import Quarter
from attendance.scope import ReturnScope
from programmes.enums import Delivery
from programmes.models import Enrolment, GroupRun
from scheduler.calendar.enums import SessionStatus

GROUP_DELIVERIES = (Delivery.CLOSED_COHORT, Delivery.ROLLING)


@dataclass(frozen=True)
class Cohort:
    run_id: int
    category: str
    programme: str
    first: dt.datetime  # its first session held


@dataclass(frozen=True)
class ReturnBasis:
    quarter: Quarter
    cohorts: list[Cohort]
    # The cut's group enrolments that attended in the quarter (every starter and completer is
    # one), and the cut's enrolments on the cohorts too: users keep only the starters' or the
    # completers' (`starters()`, `completers()`).
    people: list[EnrolmentFacts]
    on_cohorts: list[EnrolmentFacts]  # every enrolment on one of the cohorts
    # A section reads the starters' or completers' own rows by their ids, as one parameter
    # (scheduler.platform.raw_sql.id_table): not by a join that finds them all over again.

    def starters(self) -> dict[int, dt.datetime]:
        """Enrolment id → first attended session, for those whose first fell in the quarter.
        (Worked out once per basis: callers read it, never change it.)"""
        return self._moments[0]

    def completers(self) -> dict[int, dt.datetime]:
        """Enrolment id → when completed, for those who completed in the quarter."""
        return self._moments[1]

    @cached_property
    def _moments(self) -> tuple[dict[int, dt.datetime], dict[int, dt.datetime]]:
        # In UTC, the zone the moments are read in: compared without converting each one.
        start, end = (b.astimezone(dt.UTC) for b in self.quarter.bounds())
        starters, completers = {}, {}
        for f in self.people:
            if f.first_attended is not None and start <= f.first_attended < end:
                starters[f.enrolment_id] = f.first_attended
            if f.completed_at is not None and start <= f.completed_at < end:
                completers[f.enrolment_id] = f.completed_at
        return starters, completers


def cohorts_of(quarter: Quarter, scope: ReturnScope) -> list[Cohort]:
    """Group runs in the cut whose last held session fell in the quarter, by category, first
    session and id."""
    start, end = quarter.bounds()
    held = ~Q(sessions__status=SessionStatus.CANCELLED)
    rows = (GroupRun.objects.filter(programme__delivery__in=GROUP_DELIVERIES)
            .filter(scope.runs())
            .annotate(first=Min("sessions__starts_at", filter=held),
                      last=Max("sessions__starts_at", filter=held))
            .filter(last__gte=start, last__lt=end)
            .order_by("programme__output_category", "first", "pk")
            .values_list("pk", "programme__output_category", "programme__name", "first"))
    return [Cohort(*row) for row in rows]


def _read(quarter: Quarter, scope: ReturnScope) -> ReturnBasis:
    start, end = quarter.bounds()
    cohorts = cohorts_of(quarter, scope)
    attended_in_quarter = (
        Mark.objects.filter(status__in=list(MarkStatus.attended()),
                            session__starts_at__gte=start, session__starts_at__lt=end)
        .exclude(session__status=SessionStatus.CANCELLED).values("enrolment_id"))
    cohort_runs = [c.run_id for c in cohorts]
    # The enrolment's own conditions on its own rows: the marks' subquery joins sessions only.
    attending = (Enrolment.objects.filter(run__programme__delivery__in=GROUP_DELIVERIES)
                 .filter(scope.people()).filter(pk__in=attended_in_quarter))
    targets = [attending]
    if cohort_runs:
        targets.append(Enrolment.objects.filter(run_id__in=cohort_runs))
    # The cut of people is by the enrolment's own rows (demographics, funder): a flag.
    flags = {} if scope.whole else {
        "in_cut": Q(pk__in=Enrolment.objects.filter(scope.people()).values("pk"))}
    facts = enrolment_facts(*targets, **flags)
    on_cohort = set(cohort_runs)
    return ReturnBasis(
        quarter=quarter, cohorts=cohorts,
        people=[f for f in facts.values() if f.delivery in GROUP_DELIVERIES
                and f.flags.get("in_cut", True)],
        on_cohorts=[f for f in facts.values() if f.run_id in on_cohort])


_pass: ContextVar[dict[tuple[Quarter, ReturnScope], ReturnBasis] | None] = ContextVar(
    "return_pass", default=None)


@contextmanager
def return_pass() -> Iterator[None]:
    """Within: each quarter and cut's basis is read once and shared (one computation: its
    figures are consistent with each other, and the marks are read once)."""
    token = _pass.set({})
    try:
        yield
    finally:
        _pass.reset(token)


def return_basis(quarter: Quarter, scope: ReturnScope) -> ReturnBasis:
    memo = _pass.get()
    if memo is None:
        return _read(quarter, scope)
    key = (quarter, scope)
    if key not in memo:
        memo[key] = _read(quarter, scope)
    return memo[key]
