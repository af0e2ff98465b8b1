"""The seam through which other apps add sections to the quarterly return.

Attendance may not import the leaf apps (the crèche, notifications), so they register a
provider here in their AppConfig.ready(); the return asks every provider for its section.
A provider takes the quarter and the small-number threshold and returns a `Section` whose
people counts it has suppressed (attendance.tables.people_table)."""

from __future__ import annotations

from collections.abc import Callable

from attendance.quarters import Quarter
from attendance.tables import Section

SectionProvider = Callable[[Quarter, int], Section]
_providers: dict[str, SectionProvider] = {}


def register_section(key: str, provider: SectionProvider) -> None:
    """Register (or replace: ready() may run twice in tests) the provider under `key`."""
    _providers[key] = provider


def sections_for(*, quarter: Quarter, threshold: int) -> list[Section]:
    """Every registered section, in a stable order (by key)."""
    return [_providers[key](quarter, threshold) for key in sorted(_providers)]
