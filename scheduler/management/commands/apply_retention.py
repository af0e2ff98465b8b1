"""Apply the retention policy now (the daily scheduled task does the same)."""

from typing import Any

from django.core.management.base import BaseCommand

from scheduler.privacy.services import retention_apply


class Command(BaseCommand):
    help = "Purge old access records and text bodies; anonymise long-inactive participants."

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  participants {done}/{total}")

        counts = retention_apply(progress=progress)
        for name, count in sorted(counts.items()):
            self.stdout.write(f"{name}: {count}")
