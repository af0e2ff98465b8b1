"""The register under load: gunicorn on PostgreSQL, 8 concurrent clients, four requests.

Measures, side by side in one run: GET /api/me (the baseline), GET /api/sessions/{id}/register,
the register page, and a one-mark PUT with a fresh nonce, in interleaved rounds. Prints req/s,
p50/p95 and ratios against /api/me (medians of the rounds' ratios), then checks that every
acknowledged mark is in the database (0 lost).
Goals (issue 8): register read >= 50 % of /api/me's throughput, page >= 40 %, PUT p95 <= 2x
the read's p95, 0 lost marks. Bounded: about 60 s in all.

    .venv/bin/python bench/register.py [--seconds 8] [--rounds 4] [--db gw_f8] [--people 30]

Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust); the database named by --db is
dropped and created again.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 8
PASSWORD = "bench-password-123"


def args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="per endpoint, in all")
    parser.add_argument("--rounds", type=int, default=4,
                        help="interleaved rounds the seconds are split into")
    parser.add_argument("--db", default="gw_f8")
    parser.add_argument("--people", type=int, default=30, help="people on the register")
    return parser.parse_args()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def environment(db: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{db}",
            "DEBUG": "0", "SECRET_KEY": "bench-only-" + "x" * 40, "SECURE_SSL_REDIRECT": "0",
            "ALLOWED_HOSTS": "127.0.0.1", "Q_SYNC": "0", "SMS_BACKEND": "fake",
            # Encryption at rest needs its keys when DEBUG is off: throwaway ones for the bench.
            "GROUPWORK_FIELD_KEYS": base64.urlsafe_b64encode(os.urandom(32)).decode(),
            "GROUPWORK_LOOKUP_KEY": "bench-lookup-" + os.urandom(16).hex(),
            "DJANGO_SETTINGS_MODULE": "scheduler.settings"}


def recreate(db: str) -> None:
    import psycopg  # only the bench needs a direct connection, to drop and create its database

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres",
                         autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db}"')


def manage(env: dict[str, str], *command: str) -> str:
    done = subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True)
    return done.stdout


SEED = """
import datetime as dt, json
from django.utils import timezone
from programmes.models import Participant, Enrolment, GroupRun, ProgrammeType
from scheduler.models import Locality, Session, User, Venue, Room
from scheduler.platform.auth import token_create
now = timezone.now()
u = User.objects.create_user("bench", password="{password}", role="facilitator",
                             first_name="Bench", last_name="Facilitator")
venue = Venue.objects.create(name="Bench Hall",
                             locality=Locality.objects.get_or_create(name="Bench")[0])
room = Room.objects.create(venue=venue, name="Hall", capacity=40)
prog = ProgrammeType.objects.create(name="Bench programme", slug="bench", audience="women",
                                    delivery="closed", session_count=12)
run = GroupRun.objects.create(programme=prog, name="Bench group", venue=venue, room=room,
                              capacity=40, status="running")
run.facilitators.set([u])
start = now - dt.timedelta(hours=2)
s = Session.objects.create(run=run, room=room, starts_at=start,
                           ends_at=start + dt.timedelta(hours=2), number=1)
ids = [Enrolment.objects.create(participant=Participant.objects.create(known_as=f"P{{i}}"),
                                run=run, joined_at=start - dt.timedelta(days=1)).pk
       for i in range({people})]
_, raw = token_create(user=u, name="bench")
from django_otp.plugins.otp_totp.models import TOTPDevice
device = TOTPDevice.objects.create(user=u, name="bench phone", confirmed=True)
print(json.dumps({{"session": s.pk, "enrolments": ids, "token": raw, "totp": device.key}}))
"""


def seed(env: dict[str, str], people: int) -> dict[str, Any]:
    out = manage(env, "shell", "-c", SEED.format(password=PASSWORD, people=people))
    return json.loads(out.strip().splitlines()[-1])


def start_server(env: dict[str, str], port: int, log: IO[bytes]) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "scheduler.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", "2", "--threads", "4", "--timeout", "30", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def totp_code(hex_key: str) -> str:
    from django_otp.oath import TOTP  # only the bench computes a code (no Django set-up needed)

    return f"{TOTP(bytes.fromhex(hex_key)).token():06d}"


def _form(conn: http.client.HTTPConnection, path: str, cookies: str, fields: dict[str, str],
          port: int) -> http.client.HTTPResponse:
    conn.request("GET", path, headers={"Cookie": cookies})
    response = conn.getresponse()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode())
    assert token, f"no CSRF token on {path} ({response.status})"
    body = urlencode({**fields, "csrfmiddlewaretoken": token.group(1)})
    conn.request("POST", path, body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies,
        "Referer": f"http://127.0.0.1:{port}{path}"})
    response = conn.getresponse()
    response.read()
    return response


def session_cookie(port: int, totp_key: str) -> str:
    """Sign in through the real login form and the two-step verify form (facilitators read
    personal records, so their pages need both); the cookies a browser would hold."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)  # a worker's first load
    conn.request("GET", "/login/")
    response = conn.getresponse()
    body = response.read().decode()
    csrf = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert csrf and token, "no CSRF token on the sign-in page"
    form = f"username=bench&password={PASSWORD}&csrfmiddlewaretoken={token.group(1)}"
    conn.request("POST", "/login/", body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf.group(1)}",
        "Referer": f"http://127.0.0.1:{port}/login/"})
    response = conn.getresponse()
    response.read()
    sessionid = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie") or "")
    assert sessionid, f"sign-in failed ({response.status})"
    cookies = f"csrftoken={csrf.group(1)}; sessionid={sessionid.group(1)}"
    verified = _form(conn, "/account/mfa/verify/", cookies, {"code": totp_code(totp_key)}, port)
    rotated = re.search(r"sessionid=([^;]+)", verified.getheader("Set-Cookie") or "")
    assert verified.status == 302 and rotated, f"two-step verification failed ({verified.status})"
    return f"csrftoken={csrf.group(1)}; sessionid={rotated.group(1)}"


Request = Callable[[http.client.HTTPConnection, int], int]


def measure(port: int, seconds: float, request: Request) -> tuple[list[float], int]:
    """CLIENTS threads, each on its own keep-alive connection, for `seconds`."""
    latencies: list[list[float]] = [[] for _ in range(CLIENTS)]
    failures = [0] * CLIENTS
    stop = time.monotonic() + seconds

    def client(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop:
            began = time.perf_counter()
            try:
                status = request(conn, n)
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = 0
            latencies[n].append(time.perf_counter() - began)
            failures[n] += status != 200

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return [x for per in latencies for x in per], sum(failures)


def get(path: str, headers: dict[str, str]) -> Request:
    def request(conn: http.client.HTTPConnection, n: int) -> int:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    return request


def put_one_mark(path: str, headers: dict[str, str], enrolments: list[int],
                 acknowledged: list[tuple[int, str, str]]) -> Request:
    """Each client marks its own person, alternating statuses, a fresh nonce each time."""
    def request(conn: http.client.HTTPConnection, n: int) -> int:
        enrolment = enrolments[n % len(enrolments)]
        status = "present" if len(acknowledged) % 2 else "late"
        nonce = uuid.uuid4().hex
        body = json.dumps({"marks": [{"enrolment_id": enrolment, "status": status,
                                      "client_nonce": nonce}]})
        conn.request("PUT", path, body=body, headers={**headers,
                                                      "Content-Type": "application/json"})
        response = conn.getresponse()
        data = response.read()
        if response.status == 200 and nonce in json.loads(data)["acknowledged"]:
            acknowledged.append((enrolment, status, nonce))
        return response.status
    return request


LOST = """
import json, sys
from attendance.models import MarkRevision
sent = json.load(sys.stdin)
have = set(MarkRevision.objects.filter(client_nonce__in=sent)
           .values_list("client_nonce", flat=True))
print(len(set(sent) - have))
"""


def lost_marks(env: dict[str, str], acknowledged: list[tuple[int, str, str]]) -> int:
    nonces = json.dumps([nonce for _, _, nonce in acknowledged])
    done = subprocess.run([sys.executable, "manage.py", "shell", "-c", LOST], cwd=ROOT, env=env,
                          input=nonces, capture_output=True, text=True, check=True)
    return int(done.stdout.strip().splitlines()[-1])


def p95(latencies: list[float]) -> float:
    return statistics.quantiles(latencies, n=20)[18] if len(latencies) > 1 else latencies[0]


def row(name: str, rounds: list[tuple[list[float], int]], seconds: float,
        ratios: list[float] | None) -> None:
    """One endpoint over all rounds; its throughput against /api/me's is the median of the
    rounds' ratios (each round's endpoints measured seconds apart, in the same weather)."""
    latencies = [x for got, _ in rounds for x in got]
    rate = len(latencies) / seconds
    ratio = f"{statistics.median(ratios):6.0%}" if ratios else "  base"
    print(f"{name:<22} {rate:8.1f} req/s  p50 {statistics.median(latencies) * 1000:7.1f} ms  "
          f"p95 {p95(latencies) * 1000:7.1f} ms  {ratio} of /api/me  "
          f"failures {sum(f for _, f in rounds)}", flush=True)


def main() -> None:
    options = args()
    env = environment(options.db)
    print(f"database {options.db}: recreate, migrate, collectstatic, seed…", flush=True)
    recreate(options.db)
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input")
    data = seed(env, options.people)
    port = free_port()
    with tempfile.TemporaryFile() as log:  # the server's log, out of the figures' way
        run_all(options, env, data, start_server(env, port, log), port)


def run_all(options: argparse.Namespace, env: dict[str, str], data: dict[str, Any],
            server: subprocess.Popen[bytes], port: int) -> None:
    try:
        bearer = {"Authorization": f"Bearer {data['token']}"}
        session = data["session"]
        api = f"/api/sessions/{session}/register"
        browser = {"Cookie": session_cookie(port, data["totp"])}
        acknowledged: list[tuple[int, str, str]] = []
        plan = [("GET /api/me", get("/api/me", bearer)),
                ("GET register API", get(api, bearer)),
                ("GET register page", get(f"/attendance/sessions/{session}/register/", browser)),
                ("PUT one mark", put_one_mark(api, bearer, data["enrolments"], acknowledged))]
        per = options.seconds / options.rounds
        print(f"gunicorn 127.0.0.1:{port}, {CLIENTS} clients, {options.seconds:.0f} s each in "
              f"{options.rounds} interleaved rounds, {options.people} people on the register",
              flush=True)
        for _, request in plan:  # untimed: each worker imports the app on its first requests
            measure(port, 1.0, request)
        # Round by round, every endpoint in turn: a slow spell of this shared machine then
        # falls on all of them, not on whichever endpoint was being measured.
        rounds: dict[str, list[tuple[list[float], int]]] = {name: [] for name, _ in plan}
        for _ in range(options.rounds):
            for name, request in plan:
                rounds[name].append(measure(port, per, request))
        base = [len(got) for got, _ in rounds["GET /api/me"]]
        for name, _ in plan:
            ratios = [len(got) / b for (got, _), b in zip(rounds[name], base, strict=True)]
            row(name, rounds[name], options.seconds, None if name == "GET /api/me" else ratios)
        tails = [p95(put) / p95(read) for (put, _), (read, _) in
                 zip(rounds["PUT one mark"], rounds["GET register API"], strict=True)]
        print(f"PUT p95 / read p95: {statistics.median(tails):.2f}x (median of the rounds: "
              f"{', '.join(f'{t:.2f}' for t in tails)})")
        print(f"marks acknowledged {len(acknowledged)}, lost {lost_marks(env, acknowledged)}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
