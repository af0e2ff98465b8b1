"""Reading the access log: one filtered query for the page, the API and the CSV export."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from scheduler.models.accounts import User
from scheduler.models.audit import AccessRecord
from scheduler.platform.timezones import LONDON

# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
CSV_HEADER = ["at", "user_id", "username", "action", "object_type", "object_ids", "ip",
              "user_agent"]


@dataclass(frozen=True)
class AccessFilter:
    user_id: int | None = None
    action: str = ""
    object_type: str = ""
    since: dt.date | None = None  # first day included (Europe/London)
    until: dt.date | None = None  # last day included


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=LONDON)


def access_records(f: AccessFilter) -> QuerySet[AccessRecord]:
    """Newest first, narrowed by each filter given."""
    qs = AccessRecord.objects.all()
    if f.user_id is not None:
        qs = qs.filter(user_id=f.user_id)
    if f.action:
        qs = qs.filter(action=f.action)
    if f.object_type:
        qs = qs.filter(object_type=f.object_type)
    if f.since:
        qs = qs.filter(at__gte=_start_of(f.since))
    if f.until:
        qs = qs.filter(at__lt=_start_of(f.until + dt.timedelta(days=1)))
    return qs.order_by("-at", "-pk")


def usernames(records: Iterable[AccessRecord]) -> dict[int, str]:
    """user id → username for a page of records, in one query."""
    ids = {r.user_id for r in records if r.user_id is not None}
    return dict(User.objects.filter(pk__in=ids).values_list("pk", "username"))


def neutralised(cell: str) -> str:
    """A cell a spreadsheet shows as text: a leading formula character gets a quote."""
    return "'" + cell if cell.startswith(FORMULA_LEADS) else cell


def access_log_csv(records: QuerySet[AccessRecord]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for chunk_start in range(0, records.count(), 2000):
        chunk = list(records[chunk_start:chunk_start + 2000])
        names = usernames(chunk)
        for r in chunk:
            writer.writerow([neutralised(str(v)) for v in (
                r.at.astimezone(LONDON).isoformat(), r.user_id or "", names.get(r.user_id or 0, ""),
                r.action, r.object_type, r.object_ids, r.ip or "", r.user_agent)])
    return out.getvalue()
