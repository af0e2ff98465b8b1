"""The seam through which other apps add sections to the quarterly return.

Attendance may not import the leaf apps (the crèche, notifications), so they register a
provider here in their AppConfig.ready(); the return asks every provider for its section.
A provider takes the quarter, the small-number threshold and the cut (attendance.scope: a
lot, locality or funder; WHOLE for the whole return) and returns a `Section` whose people
counts it has suppressed (attendance.tables.people_table, disclosure.suppress_grid)."""

from __future__ import annotations

from collections.abc import Callable

from attendance.quarters import Quarter
from attendance.scope import WHOLE, ReturnScope
from attendance.tables import Section

SectionProvider = Callable[[Quarter, int, ReturnScope], Section]
_providers: dict[str, SectionProvider] = {}


def register_section(key: str, provider: SectionProvider) -> None:
    """Register (or replace: ready() may run twice in tests) the provider under `key`."""
    _providers[key] = provider


def sections_for(*, quarter: Quarter, threshold: int,
                 scope: ReturnScope = WHOLE) -> list[Section]:
    """Every registered section, in a stable order (by key)."""
    return [_providers[key](quarter, threshold, scope) for key in sorted(_providers)]
