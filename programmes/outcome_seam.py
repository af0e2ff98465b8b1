"""The one seam through which programmes asks what the registers say.

Attendance owns marks and derives outcomes from them; programmes sits below attendance and
never imports it (the layer contract in pyproject.toml). Attendance registers its implementation
in `AttendanceConfig.ready()`; programmes' services and selectors call `outcome_source()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured

from programmes.completion import Evaluation
from scheduler.models import User


@dataclass(frozen=True)
class OutcomeDetail:
    """An enrolment's derived outcome as coordinators read it: the evaluation, since when
    (completed: when the rule was met; cannot complete: the session that put it out of reach),
    and why (at risk: what one more missed session would do)."""

    evaluation: Evaluation
    since: dt.datetime | None = None
    why: str = ""


class OutcomeSource(Protocol):
    def outcomes_for_enrolments(self, *, enrolment_ids: Iterable[int]) -> Mapping[int, Evaluation]:
        """Enrolment id → the rule's evaluation of its register marks."""
        ...

    def enrolments_refresh_outcomes(self, *, run_id: int, by: User | None = None) -> None:
        """Re-derive started/completed for every enrolment on the run from its registers."""
        ...

    def outcome_details_for_enrolments(self, *, enrolment_ids: Iterable[int]
                                       ) -> Mapping[int, OutcomeDetail]:
        """Enrolment id → outcome with since-when and why (a fixed number of queries)."""
        ...


_source: OutcomeSource | None = None


def register_outcome_source(source: OutcomeSource) -> None:
    global _source
    _source = source


def outcome_source() -> OutcomeSource:
    if _source is None:
        raise ImproperlyConfigured("No outcome source: is the attendance app installed?")
    return _source

