"""Issue an API token for a member of staff; the token is printed once and never stored."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scheduler.models import User
from scheduler.platform.auth import token_create


class Command(BaseCommand):
    help = "Create a bearer token for USERNAME (printed once; only its hash is kept)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="API client", help="What the token is for")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError("No active user with that username")
        token, raw = token_create(user=user, name=options["name"])
        self.stdout.write(f"Token {token.prefix}… for {user.username} ({user.role}):")
        self.stdout.write(raw)
