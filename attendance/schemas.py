"""API shapes for registers and quarterly reports. Registers carry known-as names only."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from attendance.models import MarkStatus


class MarkIn(Schema):
    enrolment_id: int = Field(..., ge=1, le=2**31 - 1)
    status: MarkStatus
    client_nonce: str = Field("", max_length=64,
                              description="Unique per mark on the tablet; replays are no-ops")
    recorded_at: dt.datetime | None = Field(
        None, description="When the mark was made on the tablet (offline sync)")


# No register is bigger than the largest run a provider may set up (GroupRun capacity ≤ 500):
# a 50,000-mark body is refused by the schema before any of it is looked up.
MAX_MARKS = 500


class RegisterIn(Schema):
    marks: list[MarkIn] = Field(..., max_length=MAX_MARKS)
    reason: str = Field("", max_length=300,
                        description="Why a locked register is changed (needed once locked)")


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
    locked: bool
    source: str | None = Field(None, description="tablet or paper, once taken")
    lines: list[RegisterLineOut]
    acknowledged: list[str] = Field(
        default_factory=list,
        description="Client nonces of this request now recorded (applied, or older than the "
                    "mark in place): the tablet may forget exactly these")




class FigureOut(Schema):
    label: str
    value: str


class BreakdownOut(Schema):
    title: str
    labels: list[str]
    values: list[str]
    total: str


class GridOut(Schema):
    title: str
    row_labels: list[str]
    column_labels: list[str]
    cells: list[list[str]]
    row_totals: list[str]
    column_totals: list[str]
    total: str


class SectionOut(Schema):
    title: str
    definition: str
    tables: list[BreakdownOut]
    grids: list[GridOut] = []


class QuarterlyReportOut(Schema):
    """Aggregates only. Counts of people 1..threshold-1 read "<5"; "*" and "–" are hidden."""

    quarter: str
    financial_year: str
    first_day: dt.date
    last_day: dt.date
    threshold: int
    definitions_version: str
    headlines: list[FigureOut]
    groups_started: BreakdownOut
    groups_completed: BreakdownOut
    training_locations: BreakdownOut
    starters_by_locality: GridOut
    completers_by_locality: GridOut
    starters_equality: list[BreakdownOut]
    completers_equality: list[BreakdownOut]
    sections: list[SectionOut]
    notes: list[str]
    cut: str = Field("", description="The lot, locality or funder the figures are cut to")


class RevisionOut(Schema):
    table: str
    row: str
    column: str
    published: str
    now: str


class QuarterlyReturnOut(QuarterlyReportOut):
    """The figures served: the published snapshot if the quarter is published, else the
    latest computation. `revisions` lists published figures the registers now give
    differently."""

    status: str
    computed_at: dt.datetime
    published_at: dt.datetime | None
    revisions: list[RevisionOut]


class ComputingOut(Schema):
    status: str = Field(description='"computing": ask again shortly')
    quarter: str


class PublishedOut(Schema):
    quarter: str
    published_at: dt.datetime
    definitions_version: str
