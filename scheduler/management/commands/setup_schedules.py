"""Idempotent: creates or updates every periodic django-q2 job the service needs.

One list for the whole project, so a deploy runs one command and nothing is scheduled twice.
"""

from django.core.management.base import BaseCommand
from django_q.models import Schedule

SCHEDULES = [
    {"name": "notifications.send_due_reminders",
     "func": "notifications.tasks.send_due_reminders",
     "schedule_type": Schedule.MINUTES, "minutes": 15},
    # Cheap: stuck sends to review within 2 minutes, review checked with Twilio, due sent.
    {"name": "notifications.outbox_tick",
     "func": "notifications.tasks.outbox_tick",
     "schedule_type": Schedule.MINUTES, "minutes": 1},
    {"name": "programmes.expire_offers",
     "func": "programmes.tasks.expire_offers",
     "schedule_type": Schedule.MINUTES, "minutes": 15},
    # The quarterly return is computed off the request path; keep this and last quarter fresh.
    {"name": "attendance.refresh_quarterly_returns",
     "func": "attendance.tasks.refresh_quarterly_returns",
     "schedule_type": Schedule.HOURLY},
    # After a quarter ends (and again once it is published) its XLSX/CSV are stored for the
    # manager to download; daily, and a no-op once both are stored.
    {"name": "attendance.store_quarterly_exports",
     "func": "attendance.tasks.store_quarterly_exports",
     "schedule_type": Schedule.DAILY},
    {"name": "attendance.partner_alerts_for_removals",
     "func": "attendance.tasks.partner_alerts_for_removals",
     "schedule_type": Schedule.MINUTES, "minutes": 15},
    {"name": "attendance.registers_not_taken_digest",
     "func": "attendance.tasks.registers_not_taken_digest",
     "schedule_type": Schedule.DAILY},
    # Retention (docs/operations.md): old access records, text bodies, inactive participants.
    {"name": "privacy.apply_retention",
     "func": "scheduler.privacy.tasks.apply_retention",
     "schedule_type": Schedule.DAILY},
]


def schedules_upsert() -> int:
    for spec in SCHEDULES:
        fields = {k: v for k, v in spec.items() if k != "name"}
        Schedule.objects.update_or_create(name=spec["name"], defaults={**fields, "repeats": -1})
    return len(SCHEDULES)


class Command(BaseCommand):
    help = "Create or update the periodic django-q2 jobs (safe to run again)."

    def handle(self, *args: object, **options: object) -> None:
        count = schedules_upsert()
        self.stdout.write(f"{count} schedule(s) in place.")
