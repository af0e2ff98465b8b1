"""Service-user voice, method of access and next steps for managers: counts only."""

from __future__ import annotations

from dataclasses import asdict

from django.http import HttpRequest
from ninja import Query, Router, Schema

from attendance.quarters import quarter_from
from attendance.schemas import BreakdownOut, GridOut
from attendance.voice_figures import voice_figures
from scheduler.platform.auth import allow
from scheduler.platform.errors import ErrorOut
from scheduler.platform.permissions import REPORT_READERS

router = Router(tags=["reports"])
QUARTER = Query(..., ge=1, le=4, description="1 Apr–Jun, 2 Jul–Sep, 3 Oct–Dec, 4 Jan–Mar")
YEAR = Query(..., ge=2000, le=2100, description="Financial year's first year: 2026 for 2026/27")


class VoiceOut(Schema):
    """Counts 1..threshold-1 read "<5"; "*" and "–" are hidden. No names, no free text."""

    quarter: str
    feedback_ratings: GridOut
    comments_by_status: GridOut
    comments_by_theme: GridOut
    complaints_resolved: BreakdownOut
    method_of_access: BreakdownOut
    next_steps: BreakdownOut


@router.get("/voice", response={200: VoiceOut, 422: ErrorOut}, auth=allow(*REPORT_READERS))
def voice(request: HttpRequest, year: int = YEAR, quarter: int = QUARTER) -> dict[str, object]:
    q = quarter_from(year=year, quarter=quarter)
    return {"quarter": q.label, **asdict(voice_figures(quarter=q))}
