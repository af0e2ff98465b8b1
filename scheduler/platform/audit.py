"""Recording reads and exports of personal records in the access log (ids only, never data)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection
from django.http import HttpRequest
from django.utils import timezone

from scheduler.models.audit import AccessRecord
from scheduler.platform.raw_sql import prepared_cursor

USER_AGENT_LIMIT = 200


# One fixed INSERT (names from the model): written on every audited read, where the ORM's
# create() cost twice the CPU of the statement; prepared on PostgreSQL. Records are only ever
# inserted (the model and its queryset refuse updates and deletes).
_BY_NAME = {f.name: f for f in AccessRecord._meta.concrete_fields}
_FIELDS = [_BY_NAME[name] for name in
           ("at", "user_id", "action", "object_type", "object_ids", "ip", "user_agent")]
_INSERT = (f"INSERT INTO {AccessRecord._meta.db_table}"  # noqa: S608 (the model's names)
           f" ({', '.join(f.column for f in _FIELDS)})"
           f" VALUES ({', '.join(['%s'] * len(_FIELDS))})")


def access_record(*, request: HttpRequest, action: str, object_type: str,
                  object_ids: Iterable[object] = ()) -> None:
    user = getattr(request, "user", None)
    values = [timezone.now(), getattr(user, "pk", None), action, object_type,
              ",".join(str(i) for i in object_ids)[:200],
              request.META.get("REMOTE_ADDR") or None,
              request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LIMIT]]
    params = [f.get_db_prep_save(v, connection) for f, v in zip(_FIELDS, values, strict=True)]
    with prepared_cursor() as cursor:
        cursor.execute(_INSERT, params)


def _succeeded(result: object) -> bool:
    # 202 "still computing" delivered nothing: only a 2xx with content is a read or export.
    status = getattr(result, "status_code", 200)
    return isinstance(status, int) and 200 <= status < 300 and status != 202


def audited(action: str, object_type: str, id_arg: str | None = None) -> Callable[..., Any]:
    """Decorate a view or API operation: a successful call leaves one access record."""
    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            result = view(request, *args, **kwargs)
            if _succeeded(result):
                ids = [kwargs[id_arg]] if id_arg and id_arg in kwargs else []
                access_record(request=request, action=action, object_type=object_type,
                              object_ids=ids)
            return result
        # Ninja reads the signature through the wrapper, whose globals are this module's: hand
        # it the view's annotations already resolved (modules with postponed annotations).
        wrapper.__dict__["__signature__"] = inspect.signature(view, eval_str=True)
        return wrapper
    return decorate
