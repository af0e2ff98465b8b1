"""Publishing a quarter's return: the manager freezes what they saw, with its definitions.

Once published, a quarter's figures never drift: later register changes are shown as
revisions against the snapshot (`revisions`), and the register lock asks
`quarter_is_published` before letting a past register change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from attendance.exports import report_rows
from attendance.models import PublishedReturn
from attendance.quarters import Quarter
from attendance.reports import QuarterlyReport
from attendance.return_store import report_from_json, return_latest, return_state
from attendance.scope import WHOLE, ReturnScope
from scheduler.models import User


def quarter_is_published(*, day: dt.date) -> bool:
    """Has the financial quarter containing `day` been published? A quarter still running
    has not: `return_publish`, the only writer, refuses one before it has ended. So a register
    of the running quarter (every register read on the day) costs no query here."""
    quarter = Quarter.of(day)
    if quarter.last_day >= timezone.localdate():
        return False
    return PublishedReturn.objects.filter(year=quarter.year, quarter=quarter.number).exists()


@transaction.atomic
def return_publish(*, quarter: Quarter, threshold: int, by: User,
                   now: dt.datetime | None = None) -> PublishedReturn:
    """Freeze the latest computed figures of an ended quarter. Refuses a quarter not yet
    over, one with no figures computed, and one already published."""
    now = now or timezone.now()
    if quarter.last_day >= timezone.localdate(now):
        raise ValidationError({"quarter": "A quarter can be published once it has ended."})
    latest = return_latest(quarter=quarter, threshold=threshold)
    if latest is None or latest.report is None or latest.finished_at is None:
        raise ValidationError({"quarter": "No figures computed for this quarter yet."})
    try:
        with transaction.atomic():
            return PublishedReturn.objects.create(
                year=quarter.year, quarter=quarter.number, threshold=threshold,
                report=latest.report, definitions_version=latest.definitions_version,
                computed_at=latest.finished_at, published_at=now, published_by=by)
    except IntegrityError:
        raise ValidationError({"quarter": "This quarter's return is already published."}) from None


@dataclass(frozen=True)
class Revision:
    table: str
    row: str
    column: str
    published: str
    now: str


def _cells(report: QuarterlyReport) -> dict[tuple[str, str, str], str]:
    return {(table, row, column): value for section, table, row, column, value
            in report_rows(report) if section != "Notes"}


def revisions(published: PublishedReturn, current: QuarterlyReport) -> Iterator[Revision]:
    """Every published figure that the registers now give differently (both suppressed)."""
    before = _cells(report_from_json(published.report))
    after = _cells(current)
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key, ""), after.get(key, "")
        if old != new:
            yield Revision(*key, published=old, now=new)


@dataclass(frozen=True)
class ServedReturn:
    """The figures a page, the API or an export shows for a quarter."""

    report: QuarterlyReport
    computed_at: dt.datetime
    published: PublishedReturn | None
    revisions: list[Revision]


def return_served(*, quarter: Quarter, threshold: int,
                  scope: ReturnScope = WHOLE) -> ServedReturn | None:
    """The published snapshot (with revisions since) or the latest computation; None while
    the first computation is under way (one is started). A cut is never published."""
    state = return_state(quarter=quarter, threshold=threshold, scope=scope)
    published = state.published
    if published is not None and published.threshold == threshold:
        current = state.report
        changes = list(revisions(published, current)) if current is not None else []
        return ServedReturn(report_from_json(published.report), published.computed_at,
                            published, changes)
    if state.report is None or state.computed_at is None:
        return None
    return ServedReturn(state.report, state.computed_at, None, [])
