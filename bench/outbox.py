"""The SMS outbox under load: 10,000 reminders through the real outbox and the worker (2 workers)
to a local fake Twilio, side by side with a bare loop of the twilio client to the same fake.

In a fresh PostgreSQL database of its own it
  1. enrols PEOPLE participants (safe contact, consent, opted in: written in bulk with the
     fields and history the contact services write) on runs whose sessions are the day after
     tomorrow, and queues their reminders with `reminders_queue_for_session` (the real
     queueing, safety checks included); the reminders are then made due now (a shortcut: the
     policy's moment is tomorrow);
  2. starts `manage.py run_worker` (2 workers, SMS_BACKEND=twilio pointed at the fake), enqueues
     the due messages with `messages_enqueue_due` and times until every one is sent;
  3. sends the same number of texts with a bare loop of twilio's own client to the same fake.
The fake runs in a process of its own (HTTP/1.1 keep-alive, like api.twilio.com). Prints both
throughputs, the ratio, POSTs per message and duplicates. Goal: ratio >= 0.8, 0 duplicates.

    .venv/bin/python bench/outbox.py                  # 10,000 reminders
    .venv/bin/python bench/outbox.py --people 1000    # a quick run
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.common import fresh_database, progress  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--people", type=int, default=10_000)
parser.add_argument("--per-run", type=int, default=25)
parser.add_argument("--latency-ms", type=float, default=0.0,
                    help="the fake's delay per send (0: the local fake as fast as it goes; "
                    "api.twilio.com answers in the order of 100 ms)")
parser.add_argument("--database-url",
                    default="postgres://postgres@127.0.0.1:5432/gw_outbox_bench")
ARGS = parser.parse_args()
SID, TOKEN, FROM = "AC" + "0" * 32, "bench-token", "+447700900999"
FAKE = """
import json, signal, sys, threading
from collections import Counter
from tests.notifications.fake_twilio import start_fake_twilio
fake, server = start_fake_twilio(keep_alive=True)
fake.latency = float(sys.argv[1]) / 1000
print(fake.base_url, flush=True)
done = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: done.set())
done.wait()
posts = Counter(r.form.get("To") for r in fake.requests if r.method == "POST")
print(json.dumps({"posts": sum(posts.values()), "numbers": len(posts),
                  "duplicates": sum(n - 1 for n in posts.values() if n > 1)}), flush=True)
"""
os.environ.update(DATABASE_URL=ARGS.database_url, DJANGO_SETTINGS_MODULE="scheduler.settings",
                  Q_SYNC="0", SMS_BACKEND="twilio", TWILIO_ACCOUNT_SID=SID,
                  TWILIO_AUTH_TOKEN=TOKEN, TWILIO_FROM=FROM, Q_WORKERS="2")
fresh_database(ARGS.database_url)
fake_twilio = subprocess.Popen([sys.executable, "-c", FAKE, str(ARGS.latency_ms)], cwd=ROOT,
                               text=True, stdout=subprocess.PIPE)
assert fake_twilio.stdout is not None
os.environ["TWILIO_API_BASE"] = fake_twilio.stdout.readline().strip()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from twilio.rest import Client  # noqa: E402

from notifications.consent import CURRENT_WORDING  # noqa: E402
from notifications.enums import ConsentMethod, ContactEventKind, MessageStatus  # noqa: E402
from notifications.models import ContactEvent, Message, SafeContact  # noqa: E402
from notifications.safety import mobile_e164  # noqa: E402
from notifications.services.queueing import (  # noqa: E402
    messages_enqueue_due,
    reminders_queue_for_session,
)
from notifications.transports import BaseUrlHttpClient, twilio_http_logger  # noqa: E402
from programmes.enums import Delivery  # noqa: E402
from programmes.models import Enrolment, GroupRun, Participant, ProgrammeType  # noqa: E402
from scheduler.models import Locality, Room, Session, User, Venue  # noqa: E402
from scheduler.platform.roles import Role  # noqa: E402
from scheduler.platform.timezones import LONDON  # noqa: E402


def number(i: int, base: int) -> str:
    return f"+44{base + i}"  # 74xx xxxxxx: UK mobile ranges, one number each


def build(people: int, per_run: int) -> list[int]:
    """Runs of `per_run` people, each with one session; returns the session ids."""
    staff = User.objects.create_user("bench", password="bench-password-123",
                                     role=Role.COORDINATOR)
    venue = Venue.objects.create(name="Bench Hall",
                                 locality=Locality.objects.get_or_create(name="Bench")[0])
    programme = ProgrammeType.objects.create(name="Bench programme", slug="bench",
                                             audience="women", delivery=Delivery.CLOSED_COHORT,
                                             session_count=12)
    # The default policy (the day before): the day after tomorrow at 18:00 has its reminder
    # slot tomorrow, whenever the bench runs.
    day = timezone.localdate() + dt.timedelta(days=2)
    starts = dt.datetime.combine(day, dt.time(18, 0), tzinfo=LONDON)
    sessions, done = [], 0
    for r in range(-(-people // per_run)):
        room = Room.objects.create(venue=venue, name=f"Room {r}", capacity=per_run)
        run = GroupRun.objects.create(programme=programme, name=f"Group {r}", venue=venue,
                                      room=room, capacity=per_run, status="running")
        sessions.append(Session.objects.create(run=run, room=room, starts_at=starts,
                                               ends_at=starts + dt.timedelta(hours=2),
                                               number=1).pk)
        people_here = Participant.objects.bulk_create(
            Participant(known_as=f"P{i}")
            for i in range(r * per_run, min(people, (r + 1) * per_run)))
        Enrolment.objects.bulk_create(Enrolment(participant=p, run=run,
                                                joined_at=starts - dt.timedelta(days=7))
                                      for p in people_here)
        done += len(people_here)
        consent(people_here, staff, first=done - len(people_here))
        progress("people", done, people)
    return sessions


def mobile_number(i: int) -> str:
    return mobile_e164(number(i, 7400000000)) or sys.exit(f"{number(i, 7400000000)}: no mobile")


def consent(people: list[Participant], staff: User, *, first: int) -> None:
    """Each person's safe contact with consent, written in bulk (one service call each took
    most of the bench's time): the same fields and history contact_update and
    contact_consent_record write, the number validated by the same rule. Whether each may be
    texted is still decided by the real queueing."""
    now = timezone.now()
    contacts = SafeContact.objects.bulk_create(
        SafeContact(participant=person, phone=mobile_number(first + i + 1),
                    safe_to_text=True, consent_given_at=now, consent_given_by=staff,
                    consent_method=ConsentMethod.IN_PERSON,
                    consent_wording_version=CURRENT_WORDING)
        for i, person in enumerate(people))
    ContactEvent.objects.bulk_create(
        ContactEvent(contact=contact, kind=kind, by=by, source="staff", **extra)
        for contact in contacts
        for kind, by, extra in ((ContactEventKind.CREATED, None, {}),
                                (ContactEventKind.SETTINGS_CHANGED, staff, {}),
                                (ContactEventKind.CONSENT_GIVEN, staff,
                                 {"method": ConsentMethod.IN_PERSON,
                                  "wording_version": CURRENT_WORDING})))


def queue(sessions: list[int]) -> int:
    for done, session_id in enumerate(sessions, 1):
        reminders_queue_for_session(session_id=session_id)
        progress("queued", done, len(sessions))
    pending = Message.objects.filter(status=MessageStatus.PENDING)
    return pending.update(scheduled_for=timezone.now())  # due now (see the docstring)


def through_outbox(total: int) -> float:
    worker = subprocess.Popen([sys.executable, "manage.py", "run_worker"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(5)  # the sentinel and its two workers are up
        began = time.perf_counter()
        messages_enqueue_due(now=timezone.now())
        sent = 0
        while sent < total:
            time.sleep(0.25)
            sent = Message.objects.filter(status=MessageStatus.SENT).count()
            progress("outbox", sent, total)
            if time.perf_counter() - began > 900:
                raise SystemExit(f"outbox: only {sent} of {total} sent in 15 minutes")
        return time.perf_counter() - began
    finally:
        worker.terminate()
        worker.wait(timeout=60)


def bare_loop(total: int) -> float:
    # The same quiet logger as the project's transport: twilio logs every request at INFO.
    client = Client(SID, TOKEN, http_client=BaseUrlHttpClient(
        base_url=os.environ["TWILIO_API_BASE"], timeout=10, logger=twilio_http_logger))
    began = time.perf_counter()
    for i in range(total):
        client.messages.create(to=number(i, 7500000000), from_=FROM, body="Bench text",
                               status_callback="http://127.0.0.1/status")
        if i % 100 == 99 or i == total - 1:
            progress("bare loop", i + 1, total)
    return time.perf_counter() - began


def main() -> None:
    try:
        call_command("migrate", verbosity=0)
        total = queue(build(ARGS.people, ARGS.per_run))
        if total != ARGS.people:
            raise SystemExit(f"only {total} of {ARGS.people} reminders were queued")
        outbox_seconds = through_outbox(total)
        print(f"outbox: {total} sent in {outbox_seconds:.1f} s", flush=True)
        bare_seconds = bare_loop(total)
    finally:
        fake_twilio.terminate()
        out, _ = fake_twilio.communicate(timeout=60)
    counts = json.loads(out.strip().splitlines()[-1])
    outbox_posts = counts["posts"] - total  # the rest were the bare loop's
    outbox_rate, bare_rate = total / outbox_seconds, total / bare_seconds
    print(f"\nreminders                {total:>8,}   fake Twilio latency {ARGS.latency_ms:.0f} ms")
    print(f"outbox + worker (2 w)   {outbox_rate:>8.0f} msg/s  ({outbox_seconds:.1f} s)")
    print(f"bare twilio loop         {bare_rate:>8.0f} msg/s  ({bare_seconds:.1f} s)")
    print(f"ratio outbox / bare      {outbox_rate / bare_rate:>8.2f}  (goal >= 0.80)")
    print(f"POSTs per message        {outbox_posts / total:>8.2f}  (goal 1.00)")
    print(f"duplicate sends          {counts['duplicates']:>8}  (goal 0)")


if __name__ == "__main__":
    main()
