"""The one pagination class for every API list."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination


class BoundedPagination(LimitOffsetPagination):
    """Limit/offset within database integers: SQLite answers a 20-digit OFFSET with a
    datatype error (a 500), so out-of-range values are a 422 instead."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=500)
        offset: int = Field(0, ge=0, le=2**31 - 1)


def annotated_pagination(annotate: Callable[[list[Any]], object]) -> type[BoundedPagination]:
    """BoundedPagination that hands each page's rows to `annotate` before they are serialised,
    so per-row facts (clash summaries, outcomes) are computed for the page at once."""

    class Annotated(BoundedPagination):
        def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest,
                              **params: Any) -> Any:
            page = super().paginate_queryset(queryset, pagination, request, **params)
            items = list(page["items"])
            annotate(items)
            return page | {"items": items}

    return Annotated
