from django.core.management.base import BaseCommand

from notifications.services import send_due_reminders


class Command(BaseCommand):
    help = "Queue reminders for sessions in the next 48 hours and enqueue the due sends."

    def handle(self, *args: object, **options: object) -> None:
        count = send_due_reminders()
        self.stdout.write(f"Enqueued {count} message(s).")
