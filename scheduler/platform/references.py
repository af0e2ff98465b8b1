"""Rows named by id in a request body: an unknown id is a field-level 422, never a 404."""

from collections.abc import Iterable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)

UNKNOWN_ID = "Unknown id."


def _rows(source: type[M] | QuerySet[M]) -> QuerySet[M]:
    return source if isinstance(source, QuerySet) else source._default_manager.all()


def body_object(source: type[M] | QuerySet[M], pk: int, field: str) -> M:
    """The row with this id, or ValidationError({field: UNKNOWN_ID})."""
    found = _rows(source).filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: UNKNOWN_ID})
    return found


def optional_body_object(source: type[M] | QuerySet[M], pk: int | None, field: str) -> M | None:
    """As body_object, but an absent id (None) means no row."""
    return None if pk is None else body_object(source, pk, field)


def body_objects(source: type[M] | QuerySet[M], pks: Iterable[int], field: str) -> list[M]:
    """Every row named; one unknown id fails the whole field."""
    wanted = set(pks)
    found = list(_rows(source).filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise ValidationError({field: UNKNOWN_ID})
    return found


