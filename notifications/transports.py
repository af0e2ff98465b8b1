"""The one place an SMS leaves the building. Chosen by settings.SMS_BACKEND.

Transports never log a phone number or a message body (ids only), and never retry: the
Twilio Messages API has no idempotency key, so the outbox decides what a failure means.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import secrets
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

import requests
from django.conf import settings
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from notifications.safety import mask_phone

logger = logging.getLogger(__name__)
# The twilio client logs each request's URL and query at INFO: a message lookup's URL holds the
# number. Its own logger is kept at WARNING so no number reaches a log.
twilio_http_logger = logging.getLogger("notifications.transports.twilio_http")
twilio_http_logger.setLevel(logging.WARNING)

OPTED_OUT_ERROR = 21610  # Twilio: "Attempt to send to unsubscribed recipient"


@dataclass(frozen=True)
class SendResult:
    sid: str
    status: str


class TransportError(Exception):
    """A send that did not succeed. `ambiguous`: the text may have gone (do not resend blindly);
    `permanent`: resending will not help."""

    def __init__(self, *, code: int | None, permanent: bool, ambiguous: bool = False) -> None:
        super().__init__(f"SMS transport error {code}")
        self.code = code
        self.permanent = permanent
        self.ambiguous = ambiguous


class Transport(Protocol):
    def send(self, *, message_id: int, to: str, body: str,
             status_callback: str) -> SendResult: ...

    def find_sent(self, *, to: str, body: str, since: dt.datetime) -> SendResult | None:
        """The provider's record of this text to this number since then (None: none found or
        the provider cannot be asked). Raises TransportError when asking failed."""
        ...


@dataclass(frozen=True)
class SentText:
    message_id: int
    to: str
    body: str
    status_callback: str


# Texts "sent" by FakeTransport, in order. Tests clear it in a fixture.
outbox: list[SentText] = []


class FakeTransport:
    """Records texts in memory (tests, development)."""

    def send(self, *, message_id: int, to: str, body: str, status_callback: str) -> SendResult:
        outbox.append(SentText(message_id, to, body, status_callback))
        return SendResult(sid="SM" + secrets.token_hex(16), status="queued")

    def find_sent(self, *, to: str, body: str, since: dt.datetime) -> SendResult | None:
        return None  # keeps no provider records: a person decides


class ConsoleTransport:
    """Development: prints the text with a masked number."""

    def send(self, *, message_id: int, to: str, body: str, status_callback: str) -> SendResult:
        print(f"[sms] message {message_id} to {mask_phone(to)}: {body}")  # noqa: T201
        return SendResult(sid="SMconsole" + secrets.token_hex(12), status="sent")

    def find_sent(self, *, to: str, body: str, since: dt.datetime) -> SendResult | None:
        return None


class BaseUrlHttpClient(TwilioHttpClient):
    """Sends the real client's requests to another base (a local fake in tests)."""

    def __init__(self, *, base_url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base = urlsplit(base_url)

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        parts = urlsplit(url)
        if parts.hostname and parts.hostname.endswith("twilio.com"):
            path = self.base.path.rstrip("/") + parts.path
            url = urlunsplit((self.base.scheme, self.base.netloc, path, parts.query, ""))
        return super().request(method, url, *args, **kwargs)


def twilio_client() -> Client:
    """One client per worker process and settings: its HTTP session keeps the connection to
    Twilio open, so a run of texts pays for one TLS handshake, not one each."""
    return _client(settings.TWILIO_ACCOUNT_SID, settings.TWILIO_AUTH_TOKEN,
                   settings.TWILIO_API_BASE, float(settings.TWILIO_TIMEOUT_SECONDS))


@functools.lru_cache(maxsize=4)
def _client(sid: str, token: str, base_url: str, timeout: float) -> Client:
    http_client: TwilioHttpClient
    if base_url:
        http_client = BaseUrlHttpClient(base_url=base_url, timeout=timeout,
                                        logger=twilio_http_logger)
    else:
        http_client = TwilioHttpClient(timeout=timeout, logger=twilio_http_logger)
    return Client(sid, token, http_client=http_client)


class TwilioTransport:
    def send(self, *, message_id: int, to: str, body: str, status_callback: str) -> SendResult:
        try:
            sent = twilio_client().messages.create(
                to=to, body=body, status_callback=status_callback, **_sender())
        except TwilioRestException as exc:
            raise _rest_error(exc) from None  # its text may quote the number: never chained
        except requests.exceptions.ConnectTimeout:
            raise TransportError(code=None, permanent=False) from None
        except (requests.exceptions.ReadTimeout, requests.exceptions.ChunkedEncodingError):
            # The request reached Twilio; the text may well have gone.
            raise TransportError(code=None, permanent=False, ambiguous=True) from None
        except requests.exceptions.ConnectionError:
            raise TransportError(code=None, permanent=False) from None
        return SendResult(sid=sent.sid or "", status=sent.status or "queued")

    def find_sent(self, *, to: str, body: str, since: dt.datetime) -> SendResult | None:
        """Ask Twilio for messages to this number sent since the day of `since`; the match is
        the same body created at or after `since`."""
        try:
            listed = twilio_client().messages.list(to=to, date_sent_after=since, limit=50)
        except TwilioRestException as exc:
            raise _rest_error(exc) from None
        except (TwilioException, requests.exceptions.RequestException):
            raise TransportError(code=None, permanent=False) from None  # may quote the number
        for record in listed:
            created = record.date_created
            if record.body == body and (created is None or created >= since):
                return SendResult(sid=record.sid or "", status=record.status or "sent")
        return None


def _sender() -> dict[str, str]:
    """A number or a messaging service (never a brand name: that tells a reader who wrote)."""
    sender = settings.TWILIO_FROM
    if sender.startswith("MG"):
        return {"messaging_service_sid": sender}
    return {"from_": sender}


def _rest_error(exc: TwilioRestException) -> TransportError:
    code = exc.code if isinstance(exc.code, int) else None
    logger.warning("twilio refused a message: http %s code %s", exc.status, code)
    if exc.status >= 500:  # Twilio may have queued it before failing: do not resend blindly
        return TransportError(code=code, permanent=False, ambiguous=True)
    return TransportError(code=code, permanent=exc.status != 429)


def get_transport() -> Transport:
    backend = settings.SMS_BACKEND
    if backend == "twilio":
        return TwilioTransport()
    if backend == "fake":
        return FakeTransport()
    return ConsoleTransport()
