"""Comparing model instances as stored: every column's value, for tests that hold a
hand-written read or write to the ORM's."""

from __future__ import annotations

from django.db import models


def column_values(instance: models.Model) -> dict[str, object]:
    """Each concrete field's attribute (foreign keys by id) and its value."""
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}
