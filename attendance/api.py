"""Registers over the API (tablets sync offline marks here) and quarterly reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict

from django.http import HttpResponse
from django.utils import timezone
from ninja import Query, Router, Status

from attendance.exports import report_csv
from attendance.locks import locked_since_start
from attendance.publication import ServedReturn, return_publish, return_served
from attendance.quarters import reportable_quarter
from attendance.reports import MAX_THRESHOLD, threshold_from
from attendance.schemas import (
    ComputingOut,
    PublishedOut,
    QuarterlyReturnOut,
    RegisterIn,
    RegisterLineOut,
    RegisterOut,
)
from attendance.scope import scope_from
from attendance.selectors import (
    RegisterRead,
    register_lines,
    register_read,
    session_for_register,
)
from attendance.services import MarkInput, register_submit
from attendance.workbook import served_xlsx
from scheduler.platform.audit import audited
from scheduler.platform.auth import allow
from scheduler.platform.errors import ErrorOut
from scheduler.platform.permissions import REGISTER_TAKERS, REPORT_READERS
from scheduler.platform.requests import AuthedRequest

router = Router(tags=["attendance"])
reports_router = Router(tags=["reports"])
QUARTER = Query(..., ge=1, le=4, description="1 Apr–Jun, 2 Jul–Sep, 3 Oct–Dec, 4 Jan–Mar")
YEAR = Query(..., ge=2000, le=2100, description="Financial year's first year: 2026 for 2026/27")


def _register_out(read: RegisterRead, acknowledged: list[str] | None = None) -> RegisterOut:
    # Built without validation (model_construct): every value is typed by the database or by
    # the code above, and validating 30 lines through ninja's getter cost more than the query.
    return RegisterOut.model_construct(
        session_id=read.session_id, run_name=read.run_name, number=read.number,
        starts_at=read.starts_at, cancelled=read.cancelled, taken_at=read.taken_at,
        locked=locked_since_start(starts_at=read.starts_at, now=timezone.now()),
        source=read.source,
        lines=[RegisterLineOut.model_construct(
            enrolment_id=line.enrolment_id, known_as=line.known_as, expected=line.expected,
            status=line.status) for line in read.lines],
        acknowledged=acknowledged or [],
    )


@router.get("/sessions/{int:session_id}/register", response=RegisterOut,
            auth=allow(*REGISTER_TAKERS))
@audited("read", "register", "session_id")
def register_get(request: AuthedRequest, session_id: int) -> RegisterOut:
    return _register_out(register_read(user=request.user, session_id=session_id))


@router.put("/sessions/{int:session_id}/register", response={200: RegisterOut, 422: ErrorOut},
            auth=allow(*REGISTER_TAKERS))
def register_put(request: AuthedRequest, session_id: int, payload: RegisterIn) -> RegisterOut:
    user = request.user
    session = session_for_register(user=user, session_id=session_id, lean=True)
    marks = [MarkInput(m.enrolment_id, str(m.status), m.client_nonce, _aware(m.recorded_at))
             for m in payload.marks]
    register = register_submit(session=session, marks=marks, by=user, reason=payload.reason)
    # The submission committed as a whole, so every nonce in it is now on record.
    read = RegisterRead(session_id=session.pk, run_name=session.run.name, number=session.number,
                        starts_at=session.starts_at, cancelled=session.is_cancelled,
                        taken_at=register.taken_at, source=register.source,
                        lines=register_lines(session=session))
    return _register_out(read, [m.client_nonce for m in payload.marks if m.client_nonce])


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None or timezone.is_aware(value):
        return value
    return timezone.make_aware(value)


THRESHOLD = Query(None, ge=2, le=MAX_THRESHOLD,
                  description=f"Small-number threshold (2 to {MAX_THRESHOLD}); the provider's "
                  "setting if omitted")
LOT = Query(None, ge=1, le=2**31 - 1, description="Cut to one commissioning lot (its id)")
LOCALITY = Query(None, max_length=80, description="Cut to one locality on the list (its name)")
FUNDER = Query(None, ge=1, le=2**31 - 1, description="Cut to one funder (its id)")


def _served(year: int, quarter: int, threshold: int | None, lot: int | None = None,
            locality: str | None = None,
            funder: int | None = None) -> ServedReturn | ComputingOut:
    found = reportable_quarter(year=year, quarter=quarter, today=timezone.localdate())
    scope = scope_from(lot=lot, locality=locality, funder=funder)
    served = return_served(quarter=found, threshold=threshold_from(threshold), scope=scope)
    return served or ComputingOut(status="computing", quarter=found.label)


@reports_router.get("/quarterly", response={200: QuarterlyReturnOut, 202: ComputingOut,
                                            422: ErrorOut},
                    auth=allow(*REPORT_READERS))
def quarterly_report(request: AuthedRequest, year: int = YEAR, quarter: int = QUARTER,
                     threshold: int | None = THRESHOLD, lot: int | None = LOT,
                     locality: str | None = LOCALITY, funder: int | None = FUNDER) -> object:
    served = _served(year, quarter, threshold, lot, locality, funder)
    if isinstance(served, ComputingOut):
        return Status(202, served)
    return {**asdict(served.report), "status": "published" if served.published else "ready",
            "computed_at": served.computed_at,
            "published_at": served.published.published_at if served.published else None,
            "revisions": [asdict(r) for r in served.revisions]}


@reports_router.post("/quarterly/publish", response={200: PublishedOut, 422: ErrorOut},
                     auth=allow(*REPORT_READERS))
def quarterly_report_publish(request: AuthedRequest, year: int = YEAR, quarter: int = QUARTER,
                             threshold: int | None = THRESHOLD) -> PublishedOut:
    user = request.user
    found = reportable_quarter(year=year, quarter=quarter, today=timezone.localdate())
    published = return_publish(quarter=found, threshold=threshold_from(threshold), by=user)
    return PublishedOut(quarter=found.label, published_at=published.published_at,
                        definitions_version=published.definitions_version)


def _download(served: ServedReturn | ComputingOut, content: Callable[[ServedReturn], object],
              content_type: str, ext: str) -> object:
    if isinstance(served, ComputingOut):
        return Status(202, served)
    report = served.report
    response = HttpResponse(content(served), content_type=content_type)
    filename = f"groupwork-{report.financial_year.replace('/', '-')}-{report.quarter[-2:]}"
    response["Content-Disposition"] = f'attachment; filename="{filename.lower()}.{ext}"'
    return response


@reports_router.get("/quarterly.csv", response={200: None, 202: ComputingOut, 422: ErrorOut},
                    auth=allow(*REPORT_READERS))
@audited("export", "quarterly_report_csv")
def quarterly_report_csv(request: AuthedRequest, year: int = YEAR, quarter: int = QUARTER,
                         threshold: int | None = THRESHOLD, lot: int | None = LOT,
                         locality: str | None = LOCALITY, funder: int | None = FUNDER) -> object:
    return _download(_served(year, quarter, threshold, lot, locality, funder),
                     lambda s: report_csv(s.report),
                     "text/csv; charset=utf-8", "csv")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@reports_router.get("/quarterly.xlsx", response={200: None, 202: ComputingOut, 422: ErrorOut},
                    auth=allow(*REPORT_READERS))
@audited("export", "quarterly_report_xlsx")
def quarterly_report_xlsx(request: AuthedRequest, year: int = YEAR, quarter: int = QUARTER,
                          threshold: int | None = THRESHOLD, lot: int | None = LOT,
                          locality: str | None = LOCALITY, funder: int | None = FUNDER) -> object:
    return _download(_served(year, quarter, threshold, lot, locality, funder), served_xlsx,
                     XLSX, "xlsx")
