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

from attendance.forms import CHOICES, RegisterForm
from attendance.locks import register_is_locked
from attendance.models import Headcount, RegisterSource, WalkInStatus
from attendance.publication import return_publish, return_served
from attendance.quarters import Quarter, reportable_quarter
from attendance.reports import Breakdown, Grid, QuarterlyReport, threshold_from
from attendance.scope import WHOLE, ReturnScope, scope_from
from attendance.selectors import (
    register_for_session,
    register_history,
    register_lines,
    revisions_after_lock,
    session_for_register,
    sessions_for_registers,
)
from attendance.services import register_submit
from attendance.walkins import is_drop_in, walk_in_candidates, walk_ins_allowed
from scheduler.models import Funder, Lot, Session, User
from scheduler.platform.audit import audited
from scheduler.platform.permissions import (
    REGISTER_TAKERS,
    REPORT_READERS,
    require_role,
    sees_all_sessions,
)

PAGE_SIZE = 20


@login_required
def my_sessions(request: HttpRequest) -> HttpResponse:
    user = require_role(request, REGISTER_TAKERS)
    when = "past" if request.GET.get("when") == "past" else "upcoming"
    page = Paginator(sessions_for_registers(user=user, when=when), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "attendance/my_sessions.html",
                  {"page": page, "when": when, "today": timezone.localdate().isoformat()})


@audited("read", "register", "session_id")
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
    context = _register_context(session, form, user)
    context["paper"] = request.GET.get("paper") == "1" or request.POST.get("source") == "paper"
    if context["walk_ins"]:
        context.update(_walk_in_context(session, user, request.GET.get("find", "")[:60]))
    return render(request, "attendance/register.html", context, status=status)


def _register_context(session: Session, form: RegisterForm, user: User) -> dict[str, object]:
    now = timezone.now()
    return {
        "session": session, "form": form, "rows": form.rows(), "choices": CHOICES,
        "register": register_for_session(session=session),
        "future": timezone.localdate(session.starts_at) > timezone.localdate(now),
        "locked": register_is_locked(session=session, now=now),
        "history": register_history(session=session) if sees_all_sessions(user) else None,
        "walk_ins": walk_ins_allowed(session),
    }


def _walk_in_context(session: Session, user: User, find: str) -> dict[str, object]:
    """The walk-in and headcount forms (drop-ins and rolling groups only)."""
    return {"drop_in": is_drop_in(session), "find": find,
            "candidates": walk_in_candidates(user=user, session=session, query=find),
            "headcount": Headcount.objects.filter(session=session).first(),
            "waiting": list(session.walk_ins.filter(status=WalkInStatus.PENDING)
                            .select_related("participant"))}


def _session_or_404(user: User, session_id: int) -> Session:
    try:
        return session_for_register(user=user, session_id=session_id)
    except Session.DoesNotExist:
        raise Http404("No such session") from None


def _submitted(form: RegisterForm, *, session: Session, user: User) -> bool:
    """Submit the marks; on a refusal, put the reasons on the form and report False."""
    try:
        register_submit(session=session, marks=form.marks(), by=user,
                        reason=form.cleaned_data["reason"],
                        source=form.cleaned_data["source"] or RegisterSource.TABLET)
    except ValidationError as error:
        for field, messages_ in error.message_dict.items():
            form.add_error("reason" if field == "reason" else None, messages_)
        return False
    return True


@audited("export", "sign_in_sheet", "session_id")
@login_required
def sign_in_sheet(request: HttpRequest, session_id: int) -> HttpResponse:
    """A printable A4 sign-in sheet: session details and known-as names, a column per status;
    no identity or contact data."""
    user = require_role(request, REGISTER_TAKERS)
    session = _session_or_404(user, session_id)
    lines = [line for line in register_lines(session=session) if line.expected]
    return render(request, "attendance/sign_in_sheet.html",
                  {"session": session, "lines": lines, "choices": CHOICES})


@login_required
def revisions_page(request: HttpRequest) -> HttpResponse:
    """Changes made to locked registers, flagged for the manager: who, when, why, before →
    after, without the person's name."""
    require_role(request, REPORT_READERS)
    revisions = revisions_after_lock()
    page = Paginator(revisions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "attendance/revisions.html", {"page": page, "total": revisions.count()})


@login_required
def quarterly_report_page(request: HttpRequest) -> HttpResponse:
    """The quarter's figures for managers (aggregates only), computed in the queue."""
    require_role(request, REPORT_READERS)
    quarter = _quarter_param(request)
    scope, cut_errors = _cut_param(request)
    served = return_served(quarter=quarter, threshold=threshold_from(None), scope=scope)
    context: dict[str, object] = {"quarter": quarter, "previous": _previous(quarter),
                                  "next": quarter.next(), "served": served, "scope": scope,
                                  "cut_errors": cut_errors, "cut_query": _cut_query(scope),
                                  "lots": Lot.objects.order_by("name"),
                                  "funders": Funder.objects.order_by("name")}
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
        "sections": [{"title": s.title, "definition": s.definition,
                      "tables": [_table(t) for t in s.tables],
                      "grids": [_grid(g, "Row") for g in s.grids]} for s in report.sections],
    }


def _cut_param(request: HttpRequest) -> tuple[ReturnScope, list[str]]:
    """The lot, locality and funder asked for; one unknown (or not on the list) is shown as
    an error and the whole return served instead."""
    def number(name: str) -> int | None:
        value = request.GET.get(name, "").strip()
        return int(value) if value.isdigit() and int(value) < 2**31 else (
            0 if value else None)
    try:
        return scope_from(lot=number("lot"), funder=number("funder"),
                          locality=request.GET.get("locality", "")[:80] or None), []
    except ValidationError as error:
        return WHOLE, [m for messages_ in error.message_dict.values() for m in messages_]


def _cut_query(scope: ReturnScope) -> str:
    """The cut as query parameters for the download links ("" for the whole return)."""
    parts = [f"&lot={scope.lot_id}" if scope.lot_id else "",
             f"&funder={scope.funder_id}" if scope.funder_id else ""]
    return "".join(parts)


def _table(table: Breakdown) -> dict[str, object]:
    return {"title": table.title, "rows": list(zip(table.labels, table.values, strict=True)),
            "total": table.total}


def _grid(grid: Grid, heading: str = "Locality") -> dict[str, object]:
    rows = list(zip(grid.row_labels, grid.cells, grid.row_totals, strict=True))
    return {"title": grid.title, "row_heading": heading, "column_labels": grid.column_labels,
            "rows": rows, "column_totals": grid.column_totals, "total": grid.total}


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
