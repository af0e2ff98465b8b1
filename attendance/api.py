"""Registers over the API (tablets sync offline marks here) and quarterly reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from django.http import HttpResponse
from django.utils import timezone
from ninja import Query, Router

from attendance.exports import report_csv, report_xlsx
from attendance.quarters import quarter_from
from attendance.reports import QuarterlyReport, published_report
from attendance.schemas import (
    QuarterlyReportOut,
    RegisterIn,
    RegisterLineOut,
    RegisterOut,
)
from attendance.selectors import (
    register_for_session,
    register_lines,
    session_for_register,
)
from attendance.services import MarkInput, register_submit
from attendance.statistics import quarterly_figures
from scheduler.models import Session
from scheduler.platform.audit import audited
from scheduler.platform.auth import allow
from scheduler.platform.errors import ErrorOut
from scheduler.platform.permissions import REGISTER_TAKERS, REPORT_READERS
from scheduler.platform.requests import AuthedRequest

router = Router(tags=["attendance"])
reports_router = Router(tags=["reports"])
QUARTER = Query(..., ge=1, le=4, description="1 Apr–Jun, 2 Jul–Sep, 3 Oct–Dec, 4 Jan–Mar")
YEAR = Query(..., ge=2000, le=2100, description="Financial year's first year: 2026 for 2026/27")


def _register_out(session: Session) -> RegisterOut:
    register = register_for_session(session=session)
    return RegisterOut(
        session_id=session.pk, run_name=session.run.name, number=session.number,
        starts_at=session.starts_at, cancelled=session.is_cancelled,
        taken_at=register.taken_at if register else None,
        lines=[RegisterLineOut(**asdict(line)) for line in register_lines(session=session)],
    )


@router.get("/sessions/{int:session_id}/register", response=RegisterOut,
            auth=allow(*REGISTER_TAKERS))
def register_get(request: AuthedRequest, session_id: int) -> RegisterOut:
    user = request.user
    return _register_out(session_for_register(user=user, session_id=session_id))


@router.put("/sessions/{int:session_id}/register", response={200: RegisterOut, 422: ErrorOut},
            auth=allow(*REGISTER_TAKERS))
def register_put(request: AuthedRequest, session_id: int, payload: RegisterIn) -> RegisterOut:
    user = request.user
    session = session_for_register(user=user, session_id=session_id)
    marks = [MarkInput(m.enrolment_id, str(m.status), m.client_nonce, _aware(m.recorded_at))
             for m in payload.marks]
    register_submit(session=session, marks=marks, by=user)
    return _register_out(session)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None or timezone.is_aware(value):
        return value
    return timezone.make_aware(value)


def _report(year: int, quarter: int) -> QuarterlyReport:
    return published_report(quarterly_figures(quarter=quarter_from(year=year, quarter=quarter)))


@reports_router.get("/quarterly", response={200: QuarterlyReportOut, 422: ErrorOut},
                    auth=allow(*REPORT_READERS))
def quarterly_report(request: AuthedRequest, year: int = YEAR,
                     quarter: int = QUARTER) -> dict[str, object]:
    return asdict(_report(year, quarter))


@reports_router.get("/quarterly.csv", response={200: None, 422: ErrorOut},
                    auth=allow(*REPORT_READERS))
@audited("export", "quarterly_report_csv")
def quarterly_report_csv(request: AuthedRequest, year: int = YEAR,
                         quarter: int = QUARTER) -> HttpResponse:
    report = _report(year, quarter)
    response = HttpResponse(report_csv(report), content_type="text/csv; charset=utf-8")
    filename = f"groupwork-{report.financial_year.replace('/', '-')}-q{quarter}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@reports_router.get("/quarterly.xlsx", response={200: None, 422: ErrorOut},
                    auth=allow(*REPORT_READERS))
@audited("export", "quarterly_report_xlsx")
def quarterly_report_xlsx(request: AuthedRequest, year: int = YEAR,
                          quarter: int = QUARTER) -> HttpResponse:
    report = _report(year, quarter)
    response = HttpResponse(report_xlsx(report), content_type=XLSX)
    filename = f"groupwork-{report.financial_year.replace('/', '-')}-q{quarter}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
