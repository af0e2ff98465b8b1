"""The manager's dashboard: pictures of a quarter's published figures and of the trend.

Everything is drawn from stored figures (the published snapshot, or the latest computation
of the quarter): the dashboard never computes a return in the request. The trend reads the
headline counts of the last quarters that have stored figures; a quarter without any shows
as "not computed". Reach is also set against the residents of the provider's localities
where it has given their population (attendance.population): starters per 10,000 residents,
from published counts only. Tables are found generically (attendance.report_parts), so
sections added to the return (waiting times, completion rates...) appear when their titles
say what they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from django.db.models import Max

from attendance.cells import number
from attendance.charts import Chart, Series, bar_chart, line_chart
from attendance.models import ComputationStatus, PublishedReturn, ReturnComputation
from attendance.population import AreaPopulation, area_populations
from attendance.quarters import Quarter
from attendance.report_parts import Part, report_parts
from attendance.reports import QuarterlyReport
from attendance.tables import Breakdown, Grid

TREND_QUARTERS = 8
STARTERS, COMPLETERS = "People starting groups", "People completing groups"
NOT_COMPUTED = "not computed"
REACH_FIRST = ("Sex", "Age at start", "Ethnic group", "Disability")
WAITING_WORDS = ("wait",)
NON_ATTENDANCE_WORDS = ("did not attend", "non-attendance", "not attended")
COMPLETION_WORDS = ("completion",)


@dataclass(frozen=True)
class Dashboard:
    quarter: Quarter
    completion: list[Chart]
    trend: Chart
    reach: list[Chart]
    more_reach: list[Chart]
    non_attendance: list[Chart]
    waiting: list[Chart]
    headlines: list[tuple[str, str]] = field(default_factory=list)
    # Reach against the area's population, where the provider has given it; and the
    # characteristics (with the localities missing) where it has not yet.
    population: list[Chart] = field(default_factory=list)
    population_missing: list[tuple[str, list[str]]] = field(default_factory=list)


def quarters_before(quarter: Quarter, count: int = TREND_QUARTERS) -> list[Quarter]:
    """The `count` quarters ending with `quarter`, oldest first."""
    found = [quarter]
    while len(found) < count:
        q = found[-1]
        found.append(Quarter(q.year - 1, 4) if q.number == 1 else Quarter(q.year, q.number - 1))
    return found[::-1]


def stored_reports(quarters: list[Quarter], threshold: int) -> dict[Quarter, dict[str, Any]]:
    """Each quarter's stored figures (JSON): the published snapshot, else the latest
    computation at this threshold. Three queries, however many computations are stored."""
    years = {q.year for q in quarters}
    wanted = set(quarters)
    found: dict[Quarter, dict[str, Any]] = {}
    latest = (ReturnComputation.objects.filter(year__in=years, threshold=threshold,
                                               status=ComputationStatus.READY)
              .values("year", "quarter").annotate(last=Max("pk")).values_list("last", flat=True))
    for row in ReturnComputation.objects.filter(pk__in=list(latest)).values(
            "year", "quarter", "report"):
        found[Quarter(row["year"], row["quarter"])] = row["report"] or {}
    for row in PublishedReturn.objects.filter(year__in=years, threshold=threshold).values(
            "year", "quarter", "report"):
        found[Quarter(row["year"], row["quarter"])] = row["report"]
    return {q: report for q, report in found.items() if q in wanted and report}


def _headline(report: dict[str, Any] | None, label: str) -> str:
    if report is None:
        return NOT_COMPUTED
    for item in report.get("headlines", []):
        if isinstance(item, dict) and item.get("label") == label:
            return str(item.get("value", ""))
    return NOT_COMPUTED


def trend_chart(quarter: Quarter, threshold: int) -> Chart:
    quarters = quarters_before(quarter)
    stored = stored_reports(quarters, threshold)
    labels = [f"{q.year % 100:02d}/{(q.year + 1) % 100:02d} Q{q.number}" for q in quarters]
    series = [Series(name, [_headline(stored.get(q), name) for q in quarters])
              for name in (STARTERS, COMPLETERS)]
    return line_chart("People starting and completing groups, by quarter", labels, series,
                      "From each quarter's published return, or its latest computed figures.")


def _matches(part: Part, words: Iterable[str]) -> bool:
    text = " ".join([part.table.title, *_labels(part.table)]).lower()
    return any(word in text for word in words)


def _labels(table: Breakdown | Grid) -> list[str]:
    return table.labels if isinstance(table, Breakdown) else [*table.row_labels,
                                                              *table.column_labels]


def chart_of(table: Breakdown | Grid, note: str = "") -> Chart:
    """A bar chart of a table: a breakdown's values, or a grid's columns by row."""
    if isinstance(table, Breakdown):
        return bar_chart(table.title, table.labels, [Series("Number", table.values)], note)
    columns = [Series(c, [row[j] if j < len(row) else "" for row in table.cells])
               for j, c in enumerate(table.column_labels)]
    return bar_chart(table.title, table.row_labels, columns, note)


def completion_charts(report: QuarterlyReport, parts: list[Part]) -> list[Chart]:
    """Starters against completers by programme, then any completion-rate table."""
    found: list[Chart] = []
    starters = getattr(report, "starters_by_locality", None)
    completers = getattr(report, "completers_by_locality", None)
    if isinstance(starters, Grid) and isinstance(completers, Grid):
        found.append(bar_chart("People starting and completing, by programme",
                               starters.column_labels,
                               [Series("Starting", starters.column_totals),
                                Series("Completing", completers.column_totals)],
                               "Completers finished in the quarter; they need not have "
                               "started in it."))
    found += [chart_of(p.table, p.definition) for p in parts if _matches(p, COMPLETION_WORDS)]
    return found


def reach_charts(report: QuarterlyReport) -> tuple[list[Chart], list[Chart]]:
    """Who the groups reached: the starters' equality tables, the usual four first."""
    tables: list[Breakdown] = []
    for f in fields(report):
        value = getattr(report, f.name)
        if f.name.startswith("starters") and "equality" in f.name and isinstance(value, list):
            tables += [t for t in value if isinstance(t, Breakdown)]
    first = [t for t in tables if t.title in REACH_FIRST]
    rest = [t for t in tables if t.title not in REACH_FIRST]
    note = "People starting groups in the quarter."
    return [chart_of(t, note) for t in first], [chart_of(t, note) for t in rest]


PER = 10_000
ALL_STARTERS = "All starters"
NO_RESIDENTS = "no residents"


def _per_residents(published: str, residents: int) -> str:
    """Starters per 10,000 residents, from a *published* count only: a hidden count keeps its
    marker (a rate would give it away), a category with no residents has no rate."""
    n = number(published)
    if n is None:
        return published or "not published"
    if residents == 0:
        return NO_RESIDENTS
    return f"{PER * n / residents:.1f}"


def population_chart(table: Breakdown, area: AreaPopulation) -> Chart:
    values = dict(zip(table.labels, table.values, strict=True))
    labels = [*area.reach.categories, ALL_STARTERS]
    rates = [_per_residents(values.get(c, "0"), area.residents[c])
             for c in area.reach.categories]
    rates.append(_per_residents(table.total, sum(area.residents.values())))
    source = f" Population: {'; '.join(area.sources)}." if area.sources else ""
    return bar_chart(f"Reach per {PER:,} residents: {area.reach.title.lower()}", labels,
                     [Series(f"Starters per {PER:,} residents", rates)],
                     "People starting groups in the quarter for every 10,000 residents of "
                     "the provider's localities in each category (all starters, whatever "
                     f"they answered, against all residents on the last line).{source}")


def population_charts(report: QuarterlyReport) -> tuple[list[Chart], list[tuple[str, list[str]]]]:
    tables = {t.title: t for t in report.starters_equality if isinstance(t, Breakdown)}
    charts, missing = [], []
    for area in area_populations().values():
        table = tables.get(area.reach.title)
        if table is None:
            continue
        if area.complete:
            charts.append(population_chart(table, area))
        else:
            missing.append((area.reach.title, area.missing))
    return charts, missing


def dashboard_build(*, report: QuarterlyReport, quarter: Quarter) -> Dashboard:
    parts = [p for p in report_parts(report) if "equality" not in p.field]
    reach, more = reach_charts(report)
    population, population_missing = population_charts(report)
    return Dashboard(
        quarter=quarter,
        completion=completion_charts(report, parts),
        trend=trend_chart(quarter, report.threshold),
        reach=reach, more_reach=more,
        non_attendance=[chart_of(p.table, p.definition) for p in parts
                        if _matches(p, NON_ATTENDANCE_WORDS)],
        waiting=[chart_of(p.table, p.definition) for p in parts
                 if _matches(p, WAITING_WORDS)],
        headlines=[(f.label, f.value) for f in report.headlines],
        population=population, population_missing=population_missing,
    )
