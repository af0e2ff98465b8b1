"""CSV of the published quarterly return (long format, for machines): the same suppressed
figures as the page, no personal data (no names, ids, dates of birth or free text about
anyone). The commissioner's workbook is attendance.workbook.

Every text cell is neutralised against formula injection (attendance.cells)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from attendance.cells import neutralised
from attendance.report_parts import headline_figures, report_parts
from attendance.reports import QuarterlyReport
from attendance.tables import Breakdown, Grid

HEADER = ["section", "table", "row", "column", "value"]


def _breakdown_rows(section: str, table: Breakdown) -> Iterator[list[str]]:
    for label, value in zip(table.labels, table.values, strict=False):
        yield [section, table.title, label, "", value]
    yield [section, table.title, "Total", "", table.total]


def _grid_rows(section: str, grid: Grid) -> Iterator[list[str]]:
    for label, cells, row_total in zip(grid.row_labels, grid.cells, grid.row_totals,
                                       strict=False):
        for column, value in zip(grid.column_labels, cells, strict=False):
            yield [section, grid.title, label, column, value]
        yield [section, grid.title, label, "Total", row_total]
    for column, value in zip(grid.column_labels, grid.column_totals, strict=False):
        yield [section, grid.title, "Total", column, value]
    yield [section, grid.title, "Total", "Total", grid.total]


def report_rows(report: QuarterlyReport) -> Iterator[list[str]]:
    """One row per published figure: section, table, row, column, value."""
    for figure in headline_figures(report):
        yield ["Headlines", report.quarter, figure.label, "", figure.value]
    for part in report_parts(report):
        if isinstance(part.table, Grid):
            yield from _grid_rows(part.section, part.table)
        else:
            yield from _breakdown_rows(part.section, part.table)
    for note in report.notes:
        yield ["Notes", "", note, "", ""]


def report_csv(report: QuarterlyReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows([neutralised(str(cell)) for cell in row] for row in report_rows(report))
    return out.getvalue()
