"""Tablet pages for taking registers. Parse, check permission, call the service: no rules."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from attendance.forms import RegisterForm
from attendance.publication import return_publish, return_served
from attendance.quarters import Quarter, reportable_quarter
from attendance.reports import Breakdown, Grid, QuarterlyReport, threshold_from
from attendance.selectors import (
    register_for_session,
    register_lines,
    session_for_register,
    sessions_for_registers,
)
from attendance.services import register_submit
from scheduler.models import Session, User
from scheduler.platform.permissions import REGISTER_TAKERS, REPORT_READERS, require_role
from scheduler.platform.refusals import refusals

PAGE_SIZE = 20


@login_required
def my_sessions(request: HttpRequest) -> HttpResponse:
    user = require_role(request, REGISTER_TAKERS)
    when = "past" if request.GET.get("when") == "past" else "upcoming"
    page = Paginator(sessions_for_registers(user=user, when=when), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "attendance/my_sessions.html", {"page": page, "when": when})


@login_required
def register_page(request: HttpRequest, session_id: int) -> HttpResponse:
    user = require_role(request, REGISTER_TAKERS)
    session = _session_or_404(user, session_id)
    lines = register_lines(session=session)
    if request.method == "POST":
        form = RegisterForm(request.POST, lines=lines)
        if form.is_valid() and _submitted(form, session=session, user=user):
            messages.success(request, f"Register saved: {len(form.marks())} marked.")
            return redirect("attendance:register", session_id=session.pk)
        status = 400
    else:
        form = RegisterForm(initial={"submission": secrets.token_urlsafe(12)}, lines=lines)
        status = 200
    context = {"session": session, "form": form,
               "register": register_for_session(session=session)}
    return render(request, "attendance/register.html", context, status=status)


def _session_or_404(user: User, session_id: int) -> Session:
    try:
        return session_for_register(user=user, session_id=session_id)
    except Session.DoesNotExist:
        raise Http404("No such session") from None


def _submitted(form: RegisterForm, *, session: Session, user: User) -> bool:
    """Submit the marks; on a refusal, put the reasons on the form and report False."""
    problems = refusals(lambda: register_submit(session=session, marks=form.marks(), by=user))
    for message in problems:
        form.add_error(None, message)
    return not problems


@login_required
def quarterly_report_page(request: HttpRequest) -> HttpResponse:
    """The quarter's figures for managers (aggregates only), computed in the queue."""
    require_role(request, REPORT_READERS)
    quarter = _quarter_param(request)
    served = return_served(quarter=quarter, threshold=threshold_from(None))
    context: dict[str, object] = {"quarter": quarter, "previous": _previous(quarter),
                                  "next": quarter.next(), "served": served}
    if served is not None:
        context.update(_report_context(served.report))
    return render(request, "attendance/quarterly_report.html", context)


@login_required
@require_POST
def quarterly_report_publish(request: HttpRequest) -> HttpResponse:
    """A manager freezes the quarter's latest figures."""
    user = require_role(request, REPORT_READERS)
    quarter = _quarter_param(request, source=request.POST)
    try:
        return_publish(quarter=quarter, threshold=threshold_from(None), by=user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"{quarter.label} published.")
    return redirect(f"{reverse('attendance:quarterly_report')}?year={quarter.year}"
                    f"&quarter={quarter.number}")


def _report_context(report: QuarterlyReport) -> dict[str, object]:
    return {
        "report": report,
        "groups_started": _table(report.groups_started),
        "groups_completed": _table(report.groups_completed),
        "training_locations": _table(report.training_locations),
        "starters_grid": _grid(report.starters_by_locality),
        "completers_grid": _grid(report.completers_by_locality),
        "starters_equality": [_table(t) for t in report.starters_equality],
        "completers_equality": [_table(t) for t in report.completers_equality],
    }


def _table(table: Breakdown) -> dict[str, object]:
    return {"title": table.title, "rows": list(zip(table.labels, table.values, strict=True)),
            "total": table.total}


def _grid(grid: Grid) -> dict[str, object]:
    rows = list(zip(grid.row_labels, grid.cells, grid.row_totals, strict=True))
    return {"title": grid.title, "column_labels": grid.column_labels, "rows": rows,
            "column_totals": grid.column_totals, "total": grid.total}


def _quarter_param(request: HttpRequest, source: QueryDict | None = None) -> Quarter:
    """The quarter asked for; this quarter if none (or one not begun) is asked for."""
    params = request.GET if source is None else source
    today = timezone.localdate()
    try:
        return reportable_quarter(year=int(str(params["year"])),
                                  quarter=int(str(params["quarter"])), today=today)
    except (KeyError, ValueError, ValidationError):
        return Quarter.of(today)


def _previous(quarter: Quarter) -> Quarter:
    return Quarter(quarter.year - 1, 4) if quarter.number == 1 else Quarter(quarter.year,
                                                                             quarter.number - 1)
