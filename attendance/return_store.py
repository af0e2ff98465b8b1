"""The quarterly return computed off the request path: request, compute, read back.

Pages and the API never compute a return in a request: they read the latest computation
(with its time), or start one and answer "computing". A computation stores the published
(suppressed) report only. django-q2 delivers at least once, so computing is idempotent.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict, dataclass, fields
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_q.tasks import async_task

from attendance.models import ComputationStatus, PublishedReturn, ReturnComputation
from attendance.quarters import Quarter
from attendance.reports import DEFINITIONS_VERSION, QuarterlyReport, published_report
from attendance.return_basis import return_pass
from attendance.return_sections import sections_for
from attendance.scope import WHOLE, ReturnScope, scope_of_key
from attendance.statistics import quarterly_figures
from attendance.tables import Breakdown, Figure, Grid, Section
from scheduler.platform.batch import without_cyclic_gc

log = logging.getLogger(__name__)
# A computation still "computing" after this long was lost (worker killed): start another.
STALE_AFTER = dt.timedelta(minutes=30)
# Figures older than this are served, and a fresh computation is started behind them.
REFRESH_AFTER = dt.timedelta(minutes=15)

_NESTED = {"headlines": Figure, "groups_started": Breakdown, "groups_completed": Breakdown,
           "training_locations": Breakdown, "starters_by_locality": Grid,
           "completers_by_locality": Grid, "starters_equality": Breakdown,
           "completers_equality": Breakdown}


def report_to_json(report: QuarterlyReport) -> dict[str, Any]:
    data = asdict(report)
    data["first_day"], data["last_day"] = report.first_day.isoformat(), report.last_day.isoformat()
    return data


def report_from_json(data: dict[str, Any]) -> QuarterlyReport:
    values: dict[str, Any] = {}
    for f in fields(QuarterlyReport):
        if f.name not in data:  # a snapshot from before the field existed
            continue
        raw, kind = data[f.name], _NESTED.get(f.name)
        if f.name == "sections":
            raw = [Section(item["title"], item["definition"],
                           [Breakdown(**t) for t in item["tables"]],
                           [Grid(**g) for g in item.get("grids", [])]) for item in raw]
        elif kind is not None:
            raw = [kind(**item) for item in raw] if isinstance(raw, list) else kind(**raw)
        elif f.name in ("first_day", "last_day"):
            raw = dt.date.fromisoformat(raw)
        values[f.name] = raw
    return QuarterlyReport(**values)


@dataclass(frozen=True)
class ReturnState:
    """What a page or the API shows: the figures (or None while computing) and their time."""

    quarter: Quarter
    status: str
    report: QuarterlyReport | None
    computed_at: dt.datetime | None
    published: PublishedReturn | None


def return_latest(*, quarter: Quarter, threshold: int,
                  scope: ReturnScope = WHOLE) -> ReturnComputation | None:
    return (ReturnComputation.objects.filter(year=quarter.year, quarter=quarter.number,
                                             threshold=threshold, scope=scope.key,
                                             status=ComputationStatus.READY)
            .order_by("-requested_at").first())


def _in_flight(quarter: Quarter, threshold: int, now: dt.datetime, scope: ReturnScope) -> bool:
    return ReturnComputation.objects.filter(
        year=quarter.year, quarter=quarter.number, threshold=threshold, scope=scope.key,
        status=ComputationStatus.COMPUTING, requested_at__gte=now - STALE_AFTER).exists()


@transaction.atomic
def return_request(*, quarter: Quarter, threshold: int, now: dt.datetime | None = None,
                   scope: ReturnScope = WHOLE) -> ReturnComputation | None:
    """Start a computation unless one is already under way; the new one, or None."""
    now = now or timezone.now()
    if _in_flight(quarter, threshold, now, scope):
        return None
    computation = ReturnComputation.objects.create(
        year=quarter.year, quarter=quarter.number, threshold=threshold, scope=scope.key,
        requested_at=now)
    # The ORM broker stores the task in this transaction: no task without its row.
    async_task("attendance.tasks.compute_quarterly_return", computation.pk)
    return computation


def return_compute(*, computation_id: int) -> None:
    """Compute one requested return (the task body). Run twice, it computes twice: harmless."""
    computation = ReturnComputation.objects.get(pk=computation_id)
    quarter = Quarter(computation.year, computation.quarter)
    try:
        scope = scope_of_key(computation.scope)
        # The figures and every section share one read of the marks; the tens of thousands of
        # facts it builds are freed by reference counting, not by walking the heap again.
        with return_pass(), without_cyclic_gc():
            report = published_report(
                quarterly_figures(quarter=quarter, scope=scope), threshold=computation.threshold,
                sections=sections_for(quarter=quarter, threshold=computation.threshold,
                                      scope=scope), cut=scope.label)
    except Exception:
        log.exception("quarterly return %s failed", computation_id)
        computation.status = ComputationStatus.FAILED
        computation.finished_at = timezone.now()
        computation.save(update_fields=["status", "finished_at"])
        raise
    computation.report = report_to_json(report)
    computation.definitions_version = DEFINITIONS_VERSION
    computation.status = ComputationStatus.READY
    computation.finished_at = timezone.now()
    computation.save(update_fields=["report", "definitions_version", "status", "finished_at"])
    log.info("quarterly return %s computed", computation_id)


def return_state(*, quarter: Quarter, threshold: int, now: dt.datetime | None = None,
                 scope: ReturnScope = WHOLE) -> ReturnState:
    """The latest figures for the quarter (or a cut of it), starting a computation when none
    are fresh. Only the whole return is published, so a cut never has a snapshot."""
    now = now or timezone.now()
    latest = return_latest(quarter=quarter, threshold=threshold, scope=scope)
    if latest is None or latest.requested_at < now - REFRESH_AFTER:
        return_request(quarter=quarter, threshold=threshold, now=now, scope=scope)
        latest = return_latest(quarter=quarter, threshold=threshold, scope=scope) or latest
    published = (PublishedReturn.objects.filter(year=quarter.year, quarter=quarter.number).first()
                 if scope.whole else None)
    if latest is None or latest.report is None:
        return ReturnState(quarter, ComputationStatus.COMPUTING, None, None, published)
    return ReturnState(quarter, ComputationStatus.READY, report_from_json(latest.report),
                       latest.finished_at, published)
