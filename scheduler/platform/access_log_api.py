"""GET /api/access-log: the access log for administrators, filtered and paginated.

No `from __future__ import annotations`: ninja reads the Query[...] annotation at runtime."""

import datetime as dt

from django.db.models import QuerySet
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from scheduler.models.audit import AccessAction, AccessRecord
from scheduler.platform.access_log import AccessFilter, access_records
from scheduler.platform.audit import access_record
from scheduler.platform.auth import allow
from scheduler.platform.pagination import BoundedPagination
from scheduler.platform.permissions import ADMINISTRATORS
from scheduler.platform.requests import AuthedRequest

router = Router(tags=["access log"])


class AccessRecordOut(Schema):
    id: int
    at: dt.datetime
    user_id: int | None
    action: str
    object_type: str
    object_ids: str
    ip: str | None
    user_agent: str


class AccessLogFilter(Schema):
    user_id: int | None = Field(None, ge=1, le=2**31 - 1)
    action: AccessAction | None = None
    object_type: str = Field("", max_length=40, pattern=r"^[a-z_]*$")
    since: dt.date | None = Field(None, description="First day included (Europe/London)")
    until: dt.date | None = Field(None, description="Last day included (Europe/London)")


@router.get("/access-log", response=list[AccessRecordOut], auth=allow(*ADMINISTRATORS))
@paginate(BoundedPagination)
def access_log_list(request: AuthedRequest,
                    filters: Query[AccessLogFilter]) -> QuerySet[AccessRecord]:
    """Who read or exported which records (ids only), newest first. Reading it is itself
    recorded (object type `access_log`)."""
    records = access_records(AccessFilter(
        user_id=filters.user_id, action=filters.action or "", object_type=filters.object_type,
        since=filters.since, until=filters.until))
    access_record(request=request, action="list", object_type="access_log")
    return records
