"""Erase (anonymise) one participant; the counts already reported stay the same."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from scheduler.privacy.services import participant_by_reference, participant_erase


class Command(BaseCommand):
    help = "Erase the participant with REFERENCE: identity, contact, texts and children's details."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference")
        parser.add_argument("--reason", required=True,
                            help="Why (no names): e.g. 'Art. 17 request'")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            participant = participant_by_reference(reference=options["reference"])
            if not options["yes"] and input(
                    f"Erase participant {participant.reference}? This cannot be undone. "
                    "Type 'erase' to go on: ").strip() != "erase":
                raise CommandError("Nothing erased.")
            self.stdout.write(f"Erasing participant id {participant.pk}…")
            counts = participant_erase(participant=participant, reason=options["reason"], by=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        for name, count in sorted(counts.items()):
            self.stdout.write(f"  {name}: {count}")
        self.stdout.write(f"Participant id {participant.pk} erased.")
