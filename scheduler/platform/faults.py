"""Faults answered in the caller's language: JSON under /api/, a short page elsewhere.

- A body larger than Django's DATA_UPLOAD_MAX_MEMORY_SIZE gets a 413 before any view reads it
  (by Content-Length), and RequestDataTooBig raised later (chunked bodies) gets the same.
- A database outage (OperationalError / InterfaceError raised in a view, including the lazy
  session and user look-ups) gets a 503 with Retry-After, never a traceback page; the message
  names no table, query or value.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
TOO_LARGE = "The request body is too large."
UNAVAILABLE = "The service is briefly unavailable. Nothing was saved; please try again shortly."


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def too_large(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": TOO_LARGE}, status=413)
    return HttpResponse(TOO_LARGE, status=413, content_type="text/plain; charset=utf-8")


def unavailable(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        response: HttpResponse = JsonResponse({"detail": UNAVAILABLE}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html", {"message": UNAVAILABLE}),
                                status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


class FaultResponsesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and _declared_length(request) > limit:
            return too_large(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if isinstance(exc, RequestDataTooBig):
            return too_large(request)
        if isinstance(exc, OperationalError | InterfaceError):
            return self._outage(request, exc)
        return None

    @staticmethod
    def _outage(request: HttpRequest, exc: Exception) -> HttpResponse:
        # The class name only: a driver's message can quote a value from the query.
        logger.error("database unavailable path=%s error=%s", request.path, type(exc).__name__)
        return unavailable(request)
