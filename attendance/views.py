"""Tablet pages for taking registers. Parse, check permission, call the service: no rules."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from attendance.forms import RegisterForm
from attendance.selectors import (
    register_for_session,
    register_lines,
    session_for_register,
    sessions_for_registers,
)
from attendance.services import register_submit
from scheduler.models import Session, User
from scheduler.permissions import REGISTER_TAKERS, require_role

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
    try:
        register_submit(session=session, marks=form.marks(), by=user)
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return False
    return True
