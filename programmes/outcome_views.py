"""Each enrolment's derived outcome, ready for a page or the API.

Attendance derives the outcome (through `programmes.outcome_seam`); a coordinator's completion
override, when set, wins and says so. Words only: no names, nothing from the marks themselves.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from programmes.completion import Outcome
from programmes.models import Enrolment
from programmes.outcome_seam import OutcomeDetail, outcome_source
from scheduler.platform.timezones import LONDON

LABELS = {Outcome.NOT_STARTED: "Not started", Outcome.ON_TRACK: "On track",
          Outcome.AT_RISK: "At risk", Outcome.CANNOT_COMPLETE: "Cannot complete",
          Outcome.COMPLETED: "Completed"}


@dataclass(frozen=True)
class OutcomeView:
    outcome: str
    label: str
    since: dt.datetime | None
    why: str
    attended: int
    expected: int
    overridden: bool = False

    @property
    def text(self) -> str:
        """One line: "At risk: needs 9 of 12 …" / "Completed 3 Nov 2026"."""
        when = f" {self.since.astimezone(LONDON):%-d %b %Y}" if self.since else ""
        joiner = " since" if self.outcome == Outcome.CANNOT_COMPLETE and when else ""
        return f"{self.label}{joiner}{when}" + (f": {self.why}" if self.why else "")


def _view(enrolment: Enrolment, detail: OutcomeDetail) -> OutcomeView:
    e = detail.evaluation
    outcome, since, why = e.outcome, detail.since, detail.why
    if enrolment.completion_override is not None:
        outcome = Outcome.COMPLETED if enrolment.completion_override else Outcome.CANNOT_COMPLETE
        since, why = None, "coordinator's override"
    return OutcomeView(outcome=outcome.value, label=LABELS[outcome], since=since, why=why,
                       attended=e.attended, expected=e.expected,
                       overridden=enrolment.completion_override is not None)


def outcome_views(enrolments: Iterable[Enrolment]) -> dict[int, OutcomeView]:
    """Enrolment id → OutcomeView for these enrolments (a fixed number of queries)."""
    rows = list(enrolments)
    details = outcome_source().outcome_details_for_enrolments(
        enrolment_ids=[e.pk for e in rows])
    return {e.pk: _view(e, details[e.pk]) for e in rows if e.pk in details}


def attach_outcomes(enrolments: list[Enrolment]) -> list[Enrolment]:
    """Set `outcome_view` on each enrolment (pages and API schemas read it)."""
    views = outcome_views(enrolments)
    for enrolment in enrolments:
        enrolment.outcome_view = views.get(enrolment.pk)  # type: ignore[attr-defined]
    return enrolments


@dataclass(frozen=True)
class CohortCompletion:
    """The run's completion so far: how many enrolments stand at each outcome."""

    total: int
    counts: dict[str, int]

    @property
    def rows(self) -> list[tuple[str, int]]:
        return [(LABELS[o], self.counts.get(o.value, 0)) for o in LABELS]


def cohort_completion(views: Iterable[OutcomeView]) -> CohortCompletion:
    counts = Counter(v.outcome for v in views)
    return CohortCompletion(total=sum(counts.values()), counts=dict(counts))
