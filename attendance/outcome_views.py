"""The manager's outcome figures page: aggregates only (REPORT_READERS), never a person."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from attendance.outcome_measures import (
    distance_travelled_tables,
    improvement_tables,
    questionnaire_completion_table,
)
from attendance.quarters import Quarter, quarter_from
from attendance.reports import Grid
from scheduler.platform.permissions import REPORT_READERS, require_role


def _quarter(request: HttpRequest) -> Quarter:
    try:
        return quarter_from(year=int(request.GET["year"]), quarter=int(request.GET["quarter"]))
    except (KeyError, ValueError, ValidationError):
        return Quarter.of(timezone.localdate())


def _rows(grid: Grid) -> dict[str, object]:
    return {"grid": grid,
            "rows": list(zip(grid.row_labels, grid.cells, grid.row_totals, strict=True))}


@login_required
def outcomes_page(request: HttpRequest) -> HttpResponse:
    require_role(request, REPORT_READERS)
    quarter = _quarter(request)
    previous = Quarter(quarter.year - 1, 4) if quarter.number == 1 else Quarter(
        quarter.year, quarter.number - 1)
    return render(request, "attendance/outcomes.html", {
        "quarter": quarter, "previous": previous, "next": quarter.next(),
        "improvement": [_rows(g) for g in improvement_tables(quarter=quarter)],
        "distance": [_rows(g) for g in distance_travelled_tables(quarter=quarter)],
        "completion": _rows(questionnaire_completion_table(quarter=quarter))})
