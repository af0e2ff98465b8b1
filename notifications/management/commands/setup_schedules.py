"""Idempotent: creates or updates the django-q2 schedules this app needs, never duplicates."""

from django.core.management.base import BaseCommand
from django_q.models import Schedule

SCHEDULES = [
    {"name": "notifications.send_due_reminders",
     "func": "notifications.tasks.send_due_reminders",
     "schedule_type": Schedule.MINUTES, "minutes": 15},
]


def schedules_upsert() -> int:
    for spec in SCHEDULES:
        fields = {k: v for k, v in spec.items() if k != "name"}
        Schedule.objects.update_or_create(name=spec["name"], defaults={**fields, "repeats": -1})
    return len(SCHEDULES)


class Command(BaseCommand):
    help = "Create or update the notification schedules in django-q2 (safe to run again)."

    def handle(self, *args: object, **options: object) -> None:
        count = schedules_upsert()
        self.stdout.write(f"{count} schedule(s) in place.")
