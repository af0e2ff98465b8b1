"""Every table of a published return, found from the `QuarterlyReport` dataclass itself.

The CSV, the workbook and the dashboard walk the report's fields rather than naming them, so
a table added to the report (a new grid, a new list of breakdowns, a new section) reaches
every export without touching them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields

from attendance.reports import QuarterlyReport
from attendance.tables import Breakdown, Figure, Grid, Section

Table = Breakdown | Grid
# The CSV's section column for the fields it has always had; others are named from the field.
SECTION_NAMES = {"groups_started": "Outputs", "groups_completed": "Outputs",
                 "training_locations": "Outputs", "starters_by_locality": "Starters",
                 "completers_by_locality": "Completers",
                 "starters_equality": "Starters: equality",
                 "completers_equality": "Completers: equality"}
# Tables charted in the workbook (the outputs a commissioner pays on).
HEADLINE_FIELDS = ("groups_started", "groups_completed", "starters_by_locality",
                   "completers_by_locality")


@dataclass(frozen=True)
class Part:
    field: str
    section: str
    table: Table
    definition: str = ""

    @property
    def headline(self) -> bool:
        return self.field in HEADLINE_FIELDS


def section_name(field: str) -> str:
    return SECTION_NAMES.get(field) or field.replace("_", " ").capitalize()


def headline_figures(report: QuarterlyReport) -> list[Figure]:
    return [item for item in report.headlines if isinstance(item, Figure)]


def report_parts(report: QuarterlyReport) -> Iterator[Part]:
    """Every table, in the report's order: breakdowns, grids, lists of them, sections."""
    for f in fields(report):
        value = getattr(report, f.name)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, Breakdown | Grid):
                yield Part(f.name, section_name(f.name), item)
            elif isinstance(item, Section):
                for table in [*item.tables, *item.grids]:
                    if isinstance(table, Breakdown | Grid):
                        yield Part(f.name, item.title, table, item.definition)
