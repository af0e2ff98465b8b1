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
from attendance.voice_figures import voice_figures
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
        "completion": _rows(questionnaire_completion_table(quarter=quarter)),
        **voice_context(quarter)})


def voice_context(quarter: Quarter) -> dict[str, object]:
    """Service-user voice, method of access and next steps (attendance.voice_figures)."""
    v = voice_figures(quarter=quarter)
    grids = [(v.feedback_ratings, "Programme"), (v.comments_by_status, "Kind"),
             (v.comments_by_theme, "Theme")]
    return {"voice_grids": [_rows(g) | {"row_header": header} for g, header in grids],
            "voice_breakdowns": [{"title": b.title, "total": b.total,
                                  "rows": list(zip(b.labels, b.values, strict=True))}
                                 for b in (v.complaints_resolved, v.method_of_access,
                                           v.next_steps)]}
