"""Small parsing helpers shared by the programmes API operations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from programmes.models import GroupRun
from scheduler.models import User
from scheduler.platform.permissions import sees_all_sessions


def current_user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def body_object(model_or_qs: type[Model] | QuerySet[Any], pk: int, field: str) -> Any:
    """An object named by id in the request body: unknown → a field-level 422."""
    qs = model_or_qs if isinstance(model_or_qs, QuerySet) else model_or_qs._default_manager.all()
    found = qs.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: "Unknown id."})
    return found


def body_objects(model: type[Model], pks: Iterable[int], field: str) -> list[Any]:
    wanted = set(pks)
    found = list(model._default_manager.filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise ValidationError({field: "Unknown id."})
    return found


def facilitator_may_see_run(user: User, run_id: int) -> None:
    """A facilitator reads enrolments only on runs they facilitate (others: 404)."""
    runs = GroupRun.objects.filter(pk=run_id)
    if not sees_all_sessions(user):
        runs = runs.filter(facilitators=user)
    if not runs.exists():
        raise Http404


