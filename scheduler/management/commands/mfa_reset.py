"""Reset a member of staff's two-step verification (a lost phone): they enrol again at their
next sign-in. The web equivalent is the user list's "Reset two-step verification" action."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scheduler.models import User
from scheduler.platform.mfa import mfa_reset


class Command(BaseCommand):
    help = "Remove USERNAME's authenticator and recovery codes so they enrol again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError("No user with that username")
        removed = mfa_reset(user=user)
        self.stdout.write(f"Removed {removed} device(s) for user id {user.pk}; "
                          "they set up two-step verification at their next sign-in.")
