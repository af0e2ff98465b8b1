"""The shapes of a published table (already suppressed: every value is text)."""

from __future__ import annotations

from dataclasses import dataclass, field

from attendance.disclosure import small_marker, suppress_breakdown


@dataclass(frozen=True)
class Figure:
    label: str
    value: str


@dataclass(frozen=True)
class Breakdown:
    title: str
    labels: list[str]
    values: list[str]
    total: str


@dataclass(frozen=True)
class Grid:
    title: str
    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[str]]
    row_totals: list[str]
    column_totals: list[str]
    total: str


@dataclass(frozen=True)
class Section:
    """A part of the return contributed by one provider (attendance.return_sections)."""

    title: str
    definition: str
    tables: list[Breakdown]
    grids: list[Grid] = field(default_factory=list)  # two-way tables, suppressed likewise


def people_table(title: str, labels: list[str], counts: list[int],
                 threshold: int) -> Breakdown:
    """Counts of people: suppressed against a reader solving the table."""
    values, total = suppress_breakdown(counts, threshold=threshold)
    return Breakdown(title, labels, values, total)


def plain_table(title: str, labels: list[str], values: list[float]) -> Breakdown:
    """Counts of sessions or hours (not people): shown as they are."""
    return Breakdown(title, labels, [f"{v:g}" for v in values], f"{sum(values):g}")


def single(count: int, threshold: int) -> str:
    """One count of people on its own."""
    return small_marker(threshold) if 0 < count < threshold else str(count)
