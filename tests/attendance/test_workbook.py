"""The commissioner's workbook and the machine CSV: read back and checked cell by cell."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attendance.cells import FORMULA_LEADS, neutralised, number, xlsx_value
from attendance.exports import report_csv
from attendance.report_parts import report_parts
from attendance.reports import QuarterlyReport
from attendance.return_store import report_from_json
from attendance.tables import Breakdown, Figure, Grid, Section
from attendance.workbook import report_xlsx, sheet_name, short_name
from scheduler.platform.roles import Role
from tests.attendance.test_api_reports import starters

XLSX = "/api/reports/quarterly.xlsx?year=2026&quarter=3"
JSON = "/api/reports/quarterly?year=2026&quarter=3"
LEADS = sorted(FORMULA_LEADS)


def _report(label: str = "Melton", value: str = "6", title: str = "Sex",
            sections: list[Section] | None = None) -> QuarterlyReport:
    table = Breakdown(title, [label, "Female"], [value, "<5"], "12")
    grid = Grid("People starting groups, by locality and programme", [label, "Rutland"],
                ["Freedom", "Respect"], [[value, "<5"], ["*", "7"]], ["10", "*"],
                ["12", "*"], "20")
    return QuarterlyReport(
        "2026/27 Q3", "2026/27", dt.date(2026, 10, 1), dt.date(2026, 12, 31), 5, "2026.2",
        [Figure("People starting groups", "20"), Figure(label, value)], table, table, table,
        grid, grid, [table], [table], sections or [Section("Referrals", "Dated in it.", [table])],
        ["A note."])


def _book(report: QuarterlyReport) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(report_xlsx(report)))


def _contents(book: openpyxl.Workbook) -> list[str]:
    """The sheet names the cover lists, in order (each is a link to its sheet)."""
    cover = book["Cover"]
    start = next(r for r in range(1, cover.max_row + 1) if cover.cell(r, 1).value == "Contents")
    return [cover.cell(r, 1).value for r in range(start + 1, cover.max_row + 1)
            if cover.cell(r, 1).hyperlink is not None]


def _titled(book: openpyxl.Workbook, title: str):
    """The first table sheet whose title (A1) is `title`."""
    return next(sheet for sheet in book.worksheets[1:] if sheet["A1"].value == title)


def _expected(value: str) -> object:
    return xlsx_value(value)


def _sheet_rows(sheet, first: int = 4) -> list[list[object]]:
    return [list(row) for row in sheet.iter_rows(min_row=first, values_only=True)
            if any(v is not None for v in row)]


def _table_rows(table: Breakdown | Grid) -> list[list[object]]:
    rows: list[list[object]]
    if isinstance(table, Grid):
        rows = [[None, *table.column_labels, "Total"]]
        rows += [[label, *map(_expected, cells), _expected(total)] for label, cells, total
                 in zip(table.row_labels, table.cells, table.row_totals, strict=True)]
        return rows + [["Total", *map(_expected, table.column_totals), _expected(table.total)]]
    rows = [[None, "Number"]]
    rows += [[label, _expected(v)] for label, v in zip(table.labels, table.values, strict=True)]
    return rows + [["Total", _expected(table.total)]]


pytestmark = pytest.mark.django_db


def test_the_workbook_from_the_api_matches_the_json_api_table_by_table(make_user, client_for):
    starters(6)
    client = client_for(make_user(Role.COORDINATOR))
    body = client.get(JSON).json()
    report = report_from_json({k: body[k] for k in QuarterlyReport.__dataclass_fields__})

    response = client.get(XLSX)

    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    parts = list(report_parts(report))
    names = _contents(book)
    assert book.sheetnames == ["Cover", *names] and len(names) == len(parts)
    for name, part in zip(names, parts, strict=True):
        sheet = book[name]
        assert sheet["A1"].value == part.table.title
        assert _sheet_rows(sheet)[:len(_table_rows(part.table))] == _table_rows(part.table)
        assert sheet.freeze_panes == "B5"
    starting = book[names[[p.field for p in parts].index("starters_by_locality")]]
    total = [c.value for c in starting[4]].index("Total") + 1
    assert starting["A5"].value == "Melton" and starting.cell(5, total).value == 6
    assert isinstance(starting.cell(5, total).value, int)


def test_the_cover_names_provider_period_definitions_and_the_suppression_legend(settings):
    settings.PROVIDER_NAME = "Juniper Lodge"

    cover = _book(_report())["Cover"]

    pairs = {cover.cell(r, 1).value: cover.cell(r, 2).value for r in range(1, cover.max_row + 1)}
    assert cover["A1"].value == "Quarterly return 2026/27 Q3"
    assert pairs["Provider"] == "Juniper Lodge"
    assert pairs["Period"] == "2026/27 Q3: 01 October 2026 to 31 December 2026"
    assert pairs["Definitions version"] == "2026.2"
    assert pairs["<5"] == "between 1 and 4 people"
    assert "worked out" in pairs["*"] and "not published" in pairs["–"]


def test_counts_are_numbers_and_suppressed_cells_are_text():
    sheet = _titled(_book(_report()), "Sex")

    assert [sheet["B5"].value, sheet["B6"].value, sheet["B7"].value] == [6, "<5", 12]
    assert sheet["B6"].data_type == "s" and sheet["B6"].fill.fgColor.rgb.endswith("EEEEEE")


def test_headline_tables_carry_a_native_bar_chart_and_others_do_not():
    book = _book(_report())
    names = _contents(book)
    parts = list(report_parts(_report()))

    charted = {part.field for name, part in zip(names, parts, strict=True)
               if book[name]._charts}

    assert charted == {"groups_started", "groups_completed", "starters_by_locality",
                       "completers_by_locality"}
    chart = book[names[3]]._charts[0]
    assert chart.type == "bar" and chart.grouping == "stacked"


@pytest.mark.parametrize("lead", LEADS, ids=[f"U+{ord(c):04X}" for c in LEADS])
def test_every_formula_lead_is_neutralised_in_the_csv(lead):
    rows = list(csv.reader(io.StringIO(report_csv(_report(label=f"{lead}HYPERLINK(1)")))))

    cells = [cell for row in rows for cell in row if "HYPERLINK" in cell]
    assert cells and all(cell == f"'{lead}HYPERLINK(1)" for cell in cells)


@pytest.mark.parametrize("lead", LEADS, ids=[f"U+{ord(c):04X}" for c in LEADS])
def test_every_formula_lead_is_text_in_the_workbook(lead):
    book = _book(_report(label=f"{lead}SUM(A1)", title=f"{lead}cmd"))

    texts = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str)]
    assert all(c.data_type == "s" and c.value.lstrip(" ")[:1] not in FORMULA_LEADS
               for c in texts)
    read_back = "\n" if lead == "\r" else lead  # XML reads a lone CR back as LF
    assert {f"'{read_back}SUM(A1)", f"'{read_back}cmd"} <= {c.value for c in texts}


def test_a_space_before_a_formula_lead_is_neutralised_too():
    assert neutralised(" =1+1") == "' =1+1" and neutralised("16–25") == "16–25"


def test_unicode_digits_stay_text_instead_of_crashing():
    assert number("²") is None and number("١٢") is None and number("12") == 12
    assert _titled(_book(_report(value="²")), "Sex")["B5"].value == "²"


def test_control_characters_openpyxl_refuses_are_stripped():
    sheet = _titled(_book(_report(label="Mel\x00ton\x1b", title="Se\x07x")), "Sex")

    assert sheet["A5"].value == "Melton"


def test_sheet_names_are_legal_unique_and_short():
    taken: set[str] = {"cover"}
    names = [sheet_name(w, taken) for w in
             ["A/B:C*D?[E]", "x" * 40, "x" * 40, "History", "'quoted'", "", "COVER", "cover"]]

    assert all(len(n) <= 31 and not re.search(r"[\\/*?:\[\]]", n) for n in names)
    assert len({n.lower() for n in names}) == len(names)
    assert "History" not in names and not any(n.startswith("'") for n in names)


# --- the exporter never raises, whatever the report holds ------------------------------------

_texts = st.text(max_size=40)
_values = st.one_of(_texts, st.integers(0, 10**18).map(str), st.sampled_from(
    ["<5", "*", "–", "²", "١٢", "1e+06", "0.5", "-3", "=1+1", "\x00", "\ud800"]))


@st.composite
def _breakdowns(draw):
    labels = draw(st.lists(_texts, max_size=6))
    return Breakdown(draw(_texts), labels, draw(st.lists(_values, min_size=len(labels),
                                                         max_size=len(labels))), draw(_values))


@st.composite
def _grids(draw):
    rows, columns = draw(st.lists(_texts, max_size=4)), draw(st.lists(_texts, max_size=4))
    cells = [draw(st.lists(_values, min_size=len(columns), max_size=len(columns)))
             for _ in rows]
    return Grid(draw(_texts), rows, columns, cells,
                draw(st.lists(_values, min_size=len(rows), max_size=len(rows))),
                draw(st.lists(_values, min_size=len(columns), max_size=len(columns))),
                draw(_values))


@st.composite
def _reports(draw):
    b, g = _breakdowns(), _grids()
    return QuarterlyReport(
        draw(_texts), draw(_texts), dt.date(2026, 10, 1), dt.date(2026, 12, 31),
        draw(st.integers(2, 10**7)), draw(_texts),
        draw(st.lists(st.builds(Figure, _texts, _values), max_size=4)), draw(b), draw(b),
        draw(b), draw(g), draw(g), draw(st.lists(b, max_size=3)), draw(st.lists(b, max_size=3)),
        draw(st.lists(st.builds(Section, _texts, _texts, st.lists(b, max_size=2)), max_size=2)),
        draw(st.lists(_texts, max_size=3)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=_reports())
def test_no_report_content_makes_the_exporters_raise_or_leak_a_formula(report):
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(report)))
    rows = list(csv.reader(io.StringIO(report_csv(report))))

    assert len(book.sheetnames) == len({n.lower() for n in book.sheetnames})
    assert all(len(n) <= 31 for n in book.sheetnames)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    assert cell.value.lstrip(" \u00a0\u3000")[:1] not in FORMULA_LEADS
    assert all(cell.lstrip(" \u00a0\u3000")[:1] not in FORMULA_LEADS
               for row in rows[1:] for cell in row)


def test_sheet_names_read_well_when_titles_are_long_or_repeated():
    assert short_name("People starting groups, by locality and programme") == (
        "People starting groups")
    assert short_name("Sex", "Starters: equality") == "Starters - Sex"
    name = short_name("Gender same as sex registered at birth", "Completers: equality")
    assert name == "Completers - Gender same as…" and len(name) <= 31
