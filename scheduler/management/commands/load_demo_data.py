"""Load a fictional provider's demo data. Safe to run twice: everything is looked up first."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from attendance import demo as attendance_demo
from creche import demo as creche_demo
from notifications import demo as notifications_demo
from programmes import demo as programmes_demo
from scheduler.demo import calendar as calendar_demo
from scheduler.demo.runs import RUNS, enrol_seed, run_seed
from scheduler.demo.staff import DEMO_PASSWORD, DEMO_STAFF, seed_staff
from scheduler.models import Session


class Command(BaseCommand):
    help = "Load demo data: venues, staff in every role, the catalogue's groups, registers."

    def step(self, message: str) -> None:
        self.stdout.write(f"  … {message}")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("Loading demo data (a fictional provider)")
        staff = seed_staff()
        self.step(f"{len(staff)} staff accounts")
        calendar = calendar_demo.seed_demo()
        self.step(f"{len(calendar['venues'])} venues, {len(calendar['rooms'])} rooms, term dates")
        people = programmes_demo.seed_demo()
        participants = people["participants"]
        self.step(f"{len(participants)} participants with referrals and demographics")
        coordinator = staff["coordinator"]
        runs = []
        for number, spec in enumerate(RUNS, start=1):
            runs.append(run_seed(spec=spec, staff=staff, calendars=calendar["term_calendars"],
                                 by=coordinator))
            self.step(f"group run {number}/{len(RUNS)}: {spec.programme}")
        enrolled = sum(enrol_seed(run=run, participants=participants, by=coordinator)
                       for run in runs)
        self.step(f"{enrolled} new enrolments")
        sessions = list(Session.objects.filter(run__in=runs).select_related("run"))
        registers = sum(
            attendance_demo.seed_demo(sessions=[s for s in sessions if s.run_id == run.pk],
                                      by=run.facilitators.order_by("pk").first() or coordinator)
            for run in runs)
        self.step(f"{registers} registers taken for past sessions")
        localities = attendance_demo.seed_population(by=staff["manager"])
        self.step(f"population figures (residents by sex) for {localities} localities")
        creche_records = creche_demo.seed_demo(parents=participants[:6],
                                       sessions=[s for s in sessions if s.run_id == runs[0].pk],
                                       staff=[staff["creche"], staff["creche2"]])
        self.step(f"crèche: {creche_records} records")
        contacts = notifications_demo.seed_demo(participants=participants)
        self.step(f"{contacts} safe-contact records (example numbers only)")
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in at /login/ with:"))
        for username, _first, _last, role in DEMO_STAFF:
            self.stdout.write(f"  {username:<13} {DEMO_PASSWORD}   ({role})")
