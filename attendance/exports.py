"""CSV and XLSX of the published quarterly return: the same suppressed figures as the page, no
personal data (no names, ids, dates of birth or free text about anyone)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from attendance.reports import QuarterlyReport
from attendance.tables import Breakdown, Grid

HEADER = ["section", "table", "row", "column", "value"]


def _breakdown_rows(section: str, table: Breakdown) -> Iterator[list[str]]:
    for label, value in zip(table.labels, table.values, strict=True):
        yield [section, table.title, label, "", value]
    yield [section, table.title, "Total", "", table.total]


def _grid_rows(section: str, grid: Grid) -> Iterator[list[str]]:
    for label, cells, row_total in zip(grid.row_labels, grid.cells, grid.row_totals,
                                       strict=True):
        for column, value in zip(grid.column_labels, cells, strict=True):
            yield [section, grid.title, label, column, value]
        yield [section, grid.title, label, "Total", row_total]
    for column, value in zip(grid.column_labels, grid.column_totals, strict=True):
        yield [section, grid.title, "Total", column, value]
    yield [section, grid.title, "Total", "Total", grid.total]


def report_rows(report: QuarterlyReport) -> Iterator[list[str]]:
    for figure in report.headlines:
        yield ["Headlines", report.quarter, figure.label, "", figure.value]
    for table in (report.groups_started, report.groups_completed, report.training_locations):
        yield from _breakdown_rows("Outputs", table)
    yield from _grid_rows("Starters", report.starters_by_locality)
    yield from _grid_rows("Completers", report.completers_by_locality)
    for table in report.starters_equality:
        yield from _breakdown_rows("Starters: equality", table)
    for table in report.completers_equality:
        yield from _breakdown_rows("Completers: equality", table)
    for section in report.sections:
        for table in section.tables:
            yield from _breakdown_rows(section.title, table)
    for note in report.notes:
        yield ["Notes", "", note, "", ""]


def report_csv(report: QuarterlyReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(_safe(row) for row in report_rows(report))
    return out.getvalue()


def _safe(row: list[str]) -> list[str]:
    """Spreadsheet formula injection: a venue or locality typed as "=..." stays text."""
    return ["'" + cell if cell[:1] in ("=", "+", "@") else cell for cell in row]


def report_xlsx(report: QuarterlyReport) -> bytes:
    """The same rows as the CSV, one sheet, header in bold; every cell is text or a number."""
    book = Workbook()
    sheet = book.active
    sheet.title = report.quarter.replace("/", "-")
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in report_rows(report):
        sheet.append([_xlsx_value(value) for value in _safe(row)])
    for column, width in zip("ABCDE", (22, 48, 48, 28, 10), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_value(value: str) -> str | int:
    """Counts as numbers (so they sum in a spreadsheet); "<5", "*" and labels stay text.
    Only ASCII digits are a count ("²".isdigit() is true); characters a workbook cannot hold
    (control characters) are dropped rather than failing the whole export."""
    if value.isascii() and value.isdigit():
        return int(value)
    return ILLEGAL_CHARACTERS_RE.sub("", value)
