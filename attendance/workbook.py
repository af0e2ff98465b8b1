"""The quarterly return as a workbook a commissioner can use as it is.

A cover sheet (provider, period, definitions version, how small numbers are suppressed, a
contents list), then one sheet per table laid out as the report shows it (rows × columns with
totals), counts stored as numbers and suppressed cells as text, header rows frozen, columns
sized, and a native bar chart beside each headline table. Sheet names are at most 31
characters, unique (as Excel compares them, ignoring case) and free of the characters Excel
refuses. Every text cell goes through attendance.cells, so no report content can make the
exporter raise or smuggle a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from attendance.cells import xlsx_text, xlsx_value
from attendance.disclosure import SECONDARY, WITHHELD, small_marker
from attendance.report_parts import Part, headline_figures, report_parts
from attendance.reports import QuarterlyReport
from attendance.tables import Breakdown, Grid

if TYPE_CHECKING:
    from attendance.publication import ServedReturn

SHEET_NAME_LIMIT = 31
_SHEET_ILLEGAL = re.compile(r"[\\/*?:\[\]\x00-\x1f\ud800-\udfff\ufffe\uffff]")
RESERVED_NAMES = {"history"}  # Excel keeps "History" for itself
HEADER_ROW = 4  # rows 1–3: title, period, definition; the table's header is row 4
TITLE = Font(bold=True, size=14)
BOLD = Font(bold=True)
SUPPRESSED = PatternFill("solid", fgColor="EEEEEE")
WRAP = Alignment(wrap_text=True, vertical="top")


def short_name(title: str, section: str = "") -> str:
    """A readable name for a table's sheet: its title without a trailing ", by ..." when too
    long, cut at a word with an ellipsis; prefixed by its section ("Starters - Sex")."""
    prefix = f"{section.split(':')[0].strip()} - " if section else ""
    room = SHEET_NAME_LIMIT - len(prefix)
    for candidate in (title, title.split(", by ")[0]):
        if len(candidate) <= room:
            return prefix + candidate
    words = title.split(", by ")[0][:room - 1].rsplit(" ", 1)[0]
    return f"{prefix}{words}…"


def sheet_name(wanted: str, taken: set[str]) -> str:
    """A legal, unused sheet name close to `wanted` (and records it as taken)."""
    name = " ".join(_SHEET_ILLEGAL.sub(" ", wanted).split()).strip("'") or "Table"
    name = name[:SHEET_NAME_LIMIT].strip().strip("'") or "Table"
    candidate, n = name, 1
    while candidate.lower() in taken or candidate.lower() in RESERVED_NAMES:
        n += 1
        suffix = f" ({n})"
        candidate = name[:SHEET_NAME_LIMIT - len(suffix)].rstrip().rstrip("'") + suffix
    taken.add(candidate.lower())
    return candidate


def _write(sheet: Worksheet, row: int, values: Sequence[str], *, header: bool = False) -> None:
    """One row of a table: its label as text, then numbers as numbers and markers as grey
    right-aligned text (a header row is all text, in bold)."""
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column)
        if value == "":
            continue
        cell.value = xlsx_text(value) if header or column == 1 else xlsx_value(value)
        if isinstance(cell.value, str):
            cell.data_type = "s"  # never a formula, whatever the text
            if column > 1 and not header:
                cell.fill = SUPPRESSED
                cell.alignment = Alignment(horizontal="right")
        if header or values[0] == "Total":
            cell.font = BOLD


def _text(sheet: Worksheet, cell_name: str, text: str, font: Font | None = None) -> None:
    cell = sheet[cell_name]
    cell.value = xlsx_text(text)
    cell.data_type = "s"
    if font is not None:
        cell.font = font


def _body(table: Breakdown | Grid) -> tuple[list[str], list[list[str]], list[str]]:
    """Header, data rows and the total row of a table, as the report lays it out."""
    if isinstance(table, Grid):
        rows = [[label, *cells, total] for label, cells, total in
                zip(table.row_labels, table.cells, table.row_totals, strict=False)]
        return (["", *table.column_labels, "Total"], rows,
                ["Total", *table.column_totals, table.total])
    rows = [[label, value] for label, value in zip(table.labels, table.values, strict=False)]
    return ["", "Number"], rows, ["Total", table.total]


def _table_sheet(sheet: Worksheet, part: Part, report: QuarterlyReport) -> None:
    _text(sheet, "A1", part.table.title, TITLE)
    _text(sheet, "A2", f"{part.section} · {report.quarter} ({report.first_day:%d %b %Y} – "
          f"{report.last_day:%d %b %Y}) · suppressed cells: see Cover")
    if part.definition:
        _text(sheet, "A3", part.definition)
    header, rows, total = _body(part.table)
    _write(sheet, HEADER_ROW, header, header=True)
    for offset, row in enumerate(rows, start=1):
        _write(sheet, HEADER_ROW + offset, row)
    _write(sheet, HEADER_ROW + len(rows) + 1, total)
    sheet.freeze_panes = f"B{HEADER_ROW + 1}"
    _widths(sheet, [header, *rows, total])
    if part.headline and rows:
        _chart(sheet, part, len(header), len(rows))


def _widths(sheet: Worksheet, rows: Iterable[Sequence[str]]) -> None:
    widest: dict[int, int] = {}
    for row in rows:
        for column, value in enumerate(row, start=1):
            widest[column] = max(widest.get(column, 0), len(str(value)))
    for column, width in widest.items():
        limit = 50 if column == 1 else 24
        sheet.column_dimensions[get_column_letter(column)].width = max(10, min(limit, width + 2))


def _chart(sheet: Worksheet, part: Part, columns: int, rows: int) -> None:
    """Bars for the figures (a grid stacks its columns); suppressed text cells draw no bar."""
    chart = BarChart()
    chart.type = "bar"
    chart.title = xlsx_text(part.table.title)[:250]
    last_data_column = columns - 1 if isinstance(part.table, Grid) else columns
    data = Reference(sheet, min_col=2, max_col=max(2, last_data_column),
                     min_row=HEADER_ROW, max_row=HEADER_ROW + rows)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=HEADER_ROW + 1,
                                   max_row=HEADER_ROW + rows))
    if isinstance(part.table, Grid):
        chart.grouping, chart.overlap = "stacked", 100
    else:
        chart.legend = None
    chart.height, chart.width = max(7.5, 1.0 * rows + 3), 18
    sheet.add_chart(chart, f"A{HEADER_ROW + rows + 4}")


def _cover(sheet: Worksheet, report: QuarterlyReport, names: list[tuple[str, str]],
           status: str) -> None:
    t = report.threshold
    rows = [
        ("Provider", str(getattr(settings, "PROVIDER_NAME", "") or "Not set")),
        ("Period", f"{report.quarter}: {report.first_day:%d %B %Y} to "
                   f"{report.last_day:%d %B %Y}"),
        ("Financial year", report.financial_year),
        ("Definitions version", report.definitions_version),
        ("Small-number threshold", f"{t}"),
        ("Status", status),
    ]
    _text(sheet, "A1", f"Quarterly return {report.quarter}", TITLE)
    row = 3
    for label, value in rows:
        _text(sheet, f"A{row}", label, BOLD)
        _text(sheet, f"B{row}", value)
        row += 1
    row = _legend(sheet, row + 1, t)
    row = _list(sheet, row + 1, "Key outputs",
                [(f.label, f.value) for f in headline_figures(report)])
    row = _list(sheet, row + 1, "Notes", [(note, "") for note in report.notes])
    _contents(sheet, row + 1, names)
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 60


def _legend(sheet: Worksheet, row: int, threshold: int) -> int:
    return _list(sheet, row, "Suppression (so that no one can be identified)", [
        (small_marker(threshold), f"between 1 and {threshold - 1} people"),
        (SECONDARY, "hidden so that a smaller count cannot be worked out from the totals"),
        (WITHHELD, "not published: the total is too small to break down safely"),
        ("Numbers", "counts and hours are stored as numbers; suppressed cells are text, "
                    "shaded grey, and draw no bar in a chart"),
    ])


def _list(sheet: Worksheet, row: int, heading: str, items: list[tuple[str, str]]) -> int:
    _text(sheet, f"A{row}", heading, BOLD)
    for offset, (label, value) in enumerate(items, start=1):
        _text(sheet, f"A{row + offset}", label)
        sheet[f"A{row + offset}"].alignment = WRAP
        if value:
            sheet.cell(row=row + offset, column=2).value = xlsx_value(value)
    return row + len(items) + 1


def _contents(sheet: Worksheet, row: int, names: list[tuple[str, str]]) -> None:
    _text(sheet, f"A{row}", "Contents", BOLD)
    for offset, (name, title) in enumerate(names, start=1):
        cell = sheet.cell(row=row + offset, column=1)
        cell.value = xlsx_text(name)
        cell.data_type = "s"
        cell.hyperlink = "#'{}'!A1".format(name.replace("'", "''"))
        cell.font = Font(color="1D4F91", underline="single")
        _text(sheet, f"B{row + offset}", title)


def _status(computed_at: dt.datetime | None, published_at: dt.datetime | None) -> str:
    if published_at is not None:
        return f"Published {published_at:%d %B %Y %H:%M}"
    if computed_at is not None:
        return f"Not yet published; figures computed {computed_at:%d %B %Y %H:%M}"
    return "Not yet published"


def report_xlsx(report: QuarterlyReport, *, computed_at: dt.datetime | None = None,
                published_at: dt.datetime | None = None) -> bytes:
    """The commissioner's workbook (bytes of an .xlsx)."""
    book = Workbook()
    cover = book.active
    cover.title = "Cover"
    taken = {"cover"}
    names: list[tuple[str, str]] = []
    titles = [part.table.title for part in report_parts(report)]
    for part in report_parts(report):
        wanted = short_name(part.table.title,
                            "" if titles.count(part.table.title) == 1 else part.section)
        name = sheet_name(wanted, taken)
        _table_sheet(book.create_sheet(name), part, report)
        names.append((name, part.table.title))
    _cover(cover, report, names, _status(computed_at, published_at))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def served_xlsx(served: ServedReturn) -> bytes:
    """The workbook of what a page or the API serves (published snapshot or latest figures)."""
    published = served.published.published_at if served.published else None
    return report_xlsx(served.report, computed_at=served.computed_at, published_at=published)
