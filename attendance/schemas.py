"""API shapes for registers and quarterly reports. Registers carry known-as names only."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from attendance.models import MarkStatus


class MarkIn(Schema):
    enrolment_id: int
    status: MarkStatus
    client_nonce: str = Field("", max_length=64,
                              description="Unique per mark on the tablet; replays are no-ops")
    recorded_at: dt.datetime | None = Field(
        None, description="When the mark was made on the tablet (offline sync)")


class RegisterIn(Schema):
    marks: list[MarkIn]


class RegisterLineOut(Schema):
    enrolment_id: int
    known_as: str
    expected: bool
    status: str | None


class RegisterOut(Schema):
    session_id: int
    run_name: str
    number: int
    starts_at: dt.datetime
    cancelled: bool
    taken_at: dt.datetime | None
    lines: list[RegisterLineOut]


class ErrorItem(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ErrorOut(Schema):
    """The 422 body: ninja's own shape, also used for service ValidationErrors."""

    detail: list[ErrorItem]
