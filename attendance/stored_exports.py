"""The scheduled quarterly export: once a quarter has ended, its return is stored as the XLSX
and CSV a manager downloads; once it is published, the published snapshot is stored too.

Run by django-q2 daily (scheduler/management/commands/setup_schedules.py). It never
computes in a request: it uses figures computed after the quarter ended (the hourly refresh
computes the last quarter) and, when there are none yet, asks for a computation and stores
on a later run. Idempotent: a quarter's export is stored once per kind.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from attendance.exports import report_csv
from attendance.models import PublishedReturn, StoredExport
from attendance.quarters import Quarter
from attendance.return_store import report_from_json, return_latest, return_request
from attendance.workbook import report_xlsx

log = logging.getLogger(__name__)


def last_ended_quarter(today: dt.date) -> Quarter:
    current = Quarter.of(today)
    return Quarter(current.year - 1, 4) if current.number == 1 else Quarter(
        current.year, current.number - 1)


def _store(quarter: Quarter, threshold: int, *, published: bool, report_json: dict[str, object],
           definitions_version: str, computed_at: dt.datetime,
           published_at: dt.datetime | None, now: dt.datetime) -> StoredExport | None:
    report = report_from_json(report_json)
    try:
        with transaction.atomic():
            return StoredExport.objects.create(
                year=quarter.year, quarter=quarter.number, threshold=threshold,
                published=published, definitions_version=definitions_version,
                computed_at=computed_at, created_at=now, csv=report_csv(report),
                xlsx=report_xlsx(report, computed_at=computed_at, published_at=published_at))
    except IntegrityError:  # stored by an earlier (or concurrent) run
        return None


def export_store(*, quarter: Quarter, threshold: int,
                 now: dt.datetime | None = None) -> list[StoredExport]:
    """Store the ended quarter's exports not stored yet; the ones stored by this call."""
    now = now or timezone.now()
    stored = set(StoredExport.objects.filter(year=quarter.year, quarter=quarter.number,
                                             threshold=threshold)
                 .values_list("published", flat=True))
    made: list[StoredExport | None] = []
    snapshot = PublishedReturn.objects.filter(year=quarter.year, quarter=quarter.number,
                                              threshold=threshold).first()
    if snapshot is not None and True not in stored:
        made.append(_store(quarter, threshold, published=True, report_json=snapshot.report,
                           definitions_version=snapshot.definitions_version,
                           computed_at=snapshot.computed_at,
                           published_at=snapshot.published_at, now=now))
    if False not in stored:
        made.append(_store_computed(quarter, threshold, now))
    found = [m for m in made if m is not None]
    log.info("quarterly exports stored: %s for %s", len(found), quarter.label)
    return found


def _store_computed(quarter: Quarter, threshold: int, now: dt.datetime) -> StoredExport | None:
    ended = quarter.bounds()[1]
    latest = return_latest(quarter=quarter, threshold=threshold)
    if latest is None or latest.report is None or latest.requested_at < ended:
        # Figures from before the quarter ended may miss its last days: ask for fresh ones
        # (stored on a later run, or now when the queue runs synchronously).
        return_request(quarter=quarter, threshold=threshold, now=now)
        latest = return_latest(quarter=quarter, threshold=threshold)
        if latest is None or latest.report is None or latest.requested_at < ended:
            return None
    return _store(quarter, threshold, published=False, report_json=latest.report,
                  definitions_version=latest.definitions_version,
                  computed_at=latest.finished_at or latest.requested_at,
                  published_at=None, now=now)


def stored_exports() -> QuerySet[StoredExport]:
    """Every stored export, newest quarter first, without the files themselves."""
    return (StoredExport.objects.defer("xlsx", "csv")
            .order_by("-year", "-quarter", "-published", "-created_at"))
