"""Write a participant's subject-access bundle (JSON and readable HTML) to a folder."""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from scheduler.models import AccessRecord
from scheduler.privacy.services import participant_by_reference, subject_access_bundle


class Command(BaseCommand):
    help = "Export everything held about the participant with REFERENCE (e.g. GW-7KQ3-M9XD)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("reference")
        parser.add_argument("--out", default=".", help="Folder to write the two files into")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            participant = participant_by_reference(reference=options["reference"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write("Gathering the records (1/2)…")
        bundle = subject_access_bundle(participant=participant)
        folder = Path(options["out"])
        folder.mkdir(parents=True, exist_ok=True)
        self.stdout.write("Writing the files (2/2)…")
        for suffix, text in (("json", bundle.json), ("html", bundle.html)):
            (folder / f"subject-access-{bundle.reference}.{suffix}").write_text(text, "utf-8")
        AccessRecord.objects.create(action="export", object_type="subject_access",
                                    object_ids=str(participant.pk), user_agent="manage.py")
        self.stdout.write(f"Wrote subject-access-{bundle.reference}.json and .html to {folder}.")
