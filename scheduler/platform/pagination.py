"""The one pagination class for every API list."""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination


class BoundedPagination(LimitOffsetPagination):
    """Limit/offset within database integers: SQLite answers a 20-digit OFFSET with a
    datatype error (a 500), so out-of-range values are a 422 instead."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=500)
        offset: int = Field(0, ge=0, le=2**31 - 1)
