"""Registers over the API (tablets sync offline marks here) and quarterly reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from attendance.schemas import ErrorOut, RegisterIn, RegisterLineOut, RegisterOut
from attendance.selectors import (
    register_for_session,
    register_lines,
    session_for_register,
)
from attendance.services import register_submit
from scheduler.auth import allow
from scheduler.models import Session, User
from scheduler.permissions import REGISTER_TAKERS

router = Router(tags=["attendance"])
reports_router = Router(tags=["reports"])


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
def register_get(request: HttpRequest, session_id: int) -> RegisterOut:
    user: User = request.user  # type: ignore[assignment]
    return _register_out(session_for_register(user=user, session_id=session_id))


@router.put("/sessions/{int:session_id}/register", response={200: RegisterOut, 422: ErrorOut},
            auth=allow(*REGISTER_TAKERS))
def register_put(request: HttpRequest, session_id: int, payload: RegisterIn) -> RegisterOut:
    user: User = request.user  # type: ignore[assignment]
    session = session_for_register(user=user, session_id=session_id)
    marks = [(m.enrolment_id, str(m.status), m.client_nonce, _aware(m.recorded_at))
             for m in payload.marks]
    register_submit(session=session, marks=marks, by=user)
    return _register_out(session)


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None or timezone.is_aware(value):
        return value
    return timezone.make_aware(value)
