"""A local stand-in for api.twilio.com: the real twilio client talks to it over HTTP."""

from __future__ import annotations

import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs


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

    def reply_error(self, status: int, code: int, message: str) -> None:
        self.replies.append((status, {"code": code, "message": message, "status": status,
                                      "more_info": f"https://www.twilio.com/docs/errors/{code}"}))

    def message_json(self, form: dict[str, str]) -> dict:
        return {"sid": "SM" + secrets.token_hex(16), "status": "queued", "to": form.get("To"),
                "from": form.get("From"), "body": form.get("Body"), "num_segments": "1",
                "error_code": None, "error_message": None, "direction": "outbound-api",
                "api_version": "2010-04-01", "date_created": "Wed, 07 Oct 2026 08:00:00 +0000"}


def start_fake_twilio() -> tuple[FakeTwilio, ThreadingHTTPServer]:
    fake = FakeTwilio()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            fake.requests.append(Recorded("POST", self.path, form, dict(self.headers)))
            if fake.hang is not None:
                fake.hang.wait(timeout=30)
                return
            status, payload = fake.replies.pop(0) if fake.replies else (
                201, fake.message_json(form))
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
