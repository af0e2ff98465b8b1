"""Outcome figures over the API, for managers: the same suppressed tables as the page."""

from __future__ import annotations

from dataclasses import asdict

from django.http import HttpRequest
from ninja import Query, Router, Schema

from attendance.outcome_measures import (
    distance_travelled_tables,
    improvement_tables,
    questionnaire_completion_table,
)
from attendance.quarters import quarter_from
from attendance.schemas import GridOut
from scheduler.platform.auth import allow
from scheduler.platform.errors import ErrorOut
from scheduler.platform.permissions import REPORT_READERS

router = Router(tags=["reports"])
QUARTER = Query(..., ge=1, le=4, description="1 Apr–Jun, 2 Jul–Sep, 3 Oct–Dec, 4 Jan–Mar")
YEAR = Query(..., ge=2000, le=2100, description="Financial year's first year: 2026 for 2026/27")


class OutcomesOut(Schema):
    """Aggregates only: counts 1..threshold-1 read "<5"; "*" and "–" are hidden."""

    quarter: str
    improvement: list[GridOut]
    distance_travelled: list[GridOut]
    questionnaire_completion: GridOut


@router.get("/outcomes", response={200: OutcomesOut, 422: ErrorOut}, auth=allow(*REPORT_READERS))
def outcomes(request: HttpRequest, year: int = YEAR, quarter: int = QUARTER) -> dict[str, object]:
    q = quarter_from(year=year, quarter=quarter)
    return {"quarter": q.label,
            "improvement": [asdict(g) for g in improvement_tables(quarter=q)],
            "distance_travelled": [asdict(g) for g in distance_travelled_tables(quarter=q)],
            "questionnaire_completion": asdict(questionnaire_completion_table(quarter=q))}
