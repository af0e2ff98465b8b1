"""Re-encrypt every encrypted field with the first key of GROUPWORK_FIELD_KEYS, and recompute
every lookup hash with GROUPWORK_LOOKUP_KEY (docs/operations.md, "Field keys").

Batch by batch (one transaction each), printing progress; values already under the first key
are left alone, so it is safe to run again or to resume after an interruption.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from scheduler.platform.crypto import (
    encrypted_fields,
    hash_fields,
    is_current,
    rehash_model,
    rotate,
    transform_column,
)


def _rotated(raw: str) -> str | None:
    return None if is_current(raw) else rotate(raw)


class Command(BaseCommand):
    help = ("Re-encrypt every encrypted field with the first key of GROUPWORK_FIELD_KEYS and "
            "recompute lookup hashes with GROUPWORK_LOOKUP_KEY. Idempotent; safe to re-run.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500,
                            help="rows per transaction (default 500)")

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        total_seen = total_changed = 0
        for model in apps.get_models():
            for field in encrypted_fields(model):
                label = f"{model._meta.label}.{field.name}"
                seen, changed = transform_column(
                    connection, table=model._meta.db_table, column=field.column,
                    pk=model._meta.pk.column, change=_rotated, batch_size=batch_size,
                    progress=lambda s, c, label=label: self.stdout.write(
                        f"  {label}: {s} read, {c} re-encrypted so far"))
                self.stdout.write(f"{label}: {seen} values, {changed} re-encrypted, "
                                  f"{seen - changed} already current")
                total_seen, total_changed = total_seen + seen, total_changed + changed
            if hash_fields(model):
                rows = rehash_model(model, batch_size=batch_size)
                self.stdout.write(f"{model._meta.label}: {rows} lookup hashes recomputed")
        self.stdout.write(self.style.SUCCESS(
            f"Done: {total_seen} encrypted values, {total_changed} re-encrypted "
            "with the first key."))
