"""The one seam through which programmes asks what the registers say.

Attendance owns marks and derives outcomes from them; programmes sits below attendance and
never imports it (the layer contract in pyproject.toml). Attendance registers its implementation
in `AttendanceConfig.ready()`; programmes' services and selectors call `outcome_source()`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured

from programmes.completion import Evaluation
from scheduler.models import User


class OutcomeSource(Protocol):
    def outcomes_for_enrolments(self, *, enrolment_ids: Iterable[int]) -> Mapping[int, Evaluation]:
        """Enrolment id → the rule's evaluation of its register marks."""
        ...

    def enrolments_refresh_outcomes(self, *, run_id: int, by: User | None = None) -> None:
        """Re-derive started/completed for every enrolment on the run from its registers."""
        ...


_source: OutcomeSource | None = None


def register_outcome_source(source: OutcomeSource) -> None:
    global _source
    _source = source


def outcome_source() -> OutcomeSource:
    if _source is None:
        raise ImproperlyConfigured("No outcome source: is the attendance app installed?")
    return _source
