"""A local stand-in for api.twilio.com: the real twilio client talks to it over HTTP."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Recorded:
    method: str
    path: str
    form: dict[str, str]
    headers: dict[str, str]


@dataclass
class FakeTwilio:
    base_url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    replies: list[tuple[int, dict]] = field(default_factory=list)  # next replies, in order
    hang: threading.Event | None = None  # set: hold the reply until released (timeouts)
    created: list[dict] = field(default_factory=list)  # messages Twilio would list back
    lock: threading.Lock = field(default_factory=threading.Lock)
    server_error_on_list: bool = False
    latency: float = 0.0  # seconds each reply waits: api.twilio.com is a network away

    def reply_error(self, status: int, code: int, message: str) -> None:
        self.replies.append((status, {"code": code, "message": message, "status": status,
                                      "more_info": f"https://www.twilio.com/docs/errors/{code}"}))

    def message_json(self, form: dict[str, str]) -> dict:
        now = format_datetime(dt.datetime.now(dt.UTC), usegmt=True)
        return {"sid": "SM" + secrets.token_hex(16), "status": "queued", "to": form.get("To"),
                "from": form.get("From"), "body": form.get("Body"), "num_segments": "1",
                "error_code": None, "error_message": None, "direction": "outbound-api",
                "api_version": "2010-04-01", "date_created": now, "date_sent": now}

    def remember(self, message: dict) -> None:
        """Twilio has a record of this message (as when a POST timed out after it landed)."""
        with self.lock:
            self.created.append(message)

    def listed(self, query: dict[str, str]) -> dict:
        with self.lock:
            found = [m for m in self.created if m["to"] == query.get("To", m["to"])]
        return {"messages": found, "end": len(found), "first_page_uri": "", "next_page_uri": None,
                "page": 0, "page_size": 50, "previous_page_uri": None, "start": 0, "uri": ""}


def start_fake_twilio(*, keep_alive: bool = False) -> tuple[FakeTwilio, ThreadingHTTPServer]:
    """`keep_alive`: answer on HTTP/1.1 with persistent connections, as api.twilio.com does
    (the benchmark); tests keep HTTP/1.0's one request per connection."""
    fake = FakeTwilio()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1" if keep_alive else "HTTP/1.0"
        # Headers and body go out in two writes: on a kept-alive connection Nagle's algorithm
        # and the client's delayed ACK would add ~40 ms to every reply.
        disable_nagle_algorithm = keep_alive

        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            fake.requests.append(Recorded("POST", self.path, form, dict(self.headers)))
            if fake.latency:
                time.sleep(fake.latency)
            if fake.hang is not None:
                fake.remember(fake.message_json(form))  # it reached Twilio; the reply is lost
                fake.hang.wait(timeout=30)
                return
            if fake.replies:
                status, payload = fake.replies.pop(0)
            else:
                status, payload = 201, fake.message_json(form)
                fake.remember(payload)
            self.reply(status, payload)

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            fake.requests.append(Recorded("GET", parts.path, query, dict(self.headers)))
            if fake.server_error_on_list:
                self.reply(500, {"code": 20500, "message": "Internal Server Error",
                                 "status": 500})
                return
            self.reply(200, fake.listed(query))

        def reply(self, status: int, payload: dict) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # keep request lines (and numbers in them) out of test output

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02},
                     daemon=True).start()
    return fake, server
