"""The access log: who read or exported which personal records, never the data itself.

Append-only for the application: `save()` refuses to update a stored row and the queryset
refuses `update()` and `delete()`. On PostgreSQL a trigger (migration 0005) refuses UPDATE and
DELETE as well, whatever the client; the one way out is the retention purge
(`AccessRecordQuerySet.purge_before`), which sets `groupwork.purging` for its transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NoReturn

from django.db import connections, models, transaction

# The PostgreSQL trigger lets a DELETE through only while this is 'on' in the transaction.
PURGE_SETTING = "groupwork.purging"


class AppendOnly(Exception):
    """Raised when code tries to change or delete an access record."""


class AccessRecordQuerySet(models.QuerySet["AccessRecord"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnly("Access records cannot be updated")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AppendOnly("Access records cannot be deleted")

    def purge_before(self, cutoff: dt.datetime) -> int:
        """Retention only: delete records older than `cutoff`; the count deleted."""
        with transaction.atomic(using=self.db):
            connection = connections[self.db]
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL {PURGE_SETTING} = 'on'")
            old = self.filter(at__lt=cutoff)
            deleted, _ = models.QuerySet.delete(old)
            return deleted


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


class ErasureKind(models.TextChoices):
    REQUEST = "request", "Erased on request"
    RETENTION = "retention", "Anonymised by the retention policy"


class ErasureRecord(models.Model):
    """That a participant was erased or anonymised, by whom, when and why. Holds ids only
    (the participant row left behind is an anonymised stub that keeps the counts)."""

    participant_id = models.IntegerField(unique=True)  # no FK: says what happened to the id
    kind = models.CharField(max_length=10, choices=ErasureKind.choices)
    by_user_id = models.IntegerField(null=True)  # None: the scheduled retention task
    reason = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"Erasure of participant {self.participant_id}"
