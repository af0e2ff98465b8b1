"""`manage.py run_worker`: the background-job worker (django-q2), stoppable at any moment.

Use it instead of `qcluster` (see scheduler.platform.worker for why)."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from scheduler.platform.worker import run_worker


class Command(BaseCommand):
    help = "Runs the django-q2 worker until SIGTERM or SIGINT, then stops it cleanly."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--run-once", action="store_true",
                            help="Start the cluster, then stop it at once (a smoke test).")

    def handle(self, *args: Any, **options: Any) -> None:
        status = run_worker(once=options["run_once"])
        if status:
            sys.exit(status)
