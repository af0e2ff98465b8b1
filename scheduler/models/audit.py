"""The access log: who read or exported which personal records, never the data itself.

Append-only for the application: `save()` refuses to update a stored row and the queryset
refuses `update()` and `delete()`. Retention deletion (not built yet) will need its own path.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.db import models


class AppendOnly(Exception):
    """Raised when code tries to change or delete an access record."""


class AccessRecordQuerySet(models.QuerySet["AccessRecord"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnly("Access records cannot be updated")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AppendOnly("Access records cannot be deleted")


class AccessAction(models.TextChoices):
    READ = "read", "Read"
    LIST = "list", "List"
    EXPORT = "export", "Export"
    WRITE = "write", "Write"


class AccessRecord(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)  # filter by date range
    user_id = models.IntegerField(null=True, db_index=True)  # no FK: the log outlives accounts
    action = models.CharField(max_length=16, choices=AccessAction.choices)
    object_type = models.CharField(max_length=40)
    object_ids = models.CharField(max_length=200, blank=True)  # comma-separated ids, never data
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type} {self.object_ids}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnly("Access records cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly("Access records cannot be deleted")
