"""Refuse NUL characters in query strings and JSON bodies before any view sees them.

PostgreSQL cannot store or compare text containing NUL (0x00): a filter such as
`?locality=a%00`, or a JSON field holding "\\u0000", would otherwise reach the database and
fail as a 500. Forms already refuse NUL (Django's ProhibitNullCharactersValidator); this
covers every query parameter and every API body, field by field.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

MESSAGE = "Must not contain NUL characters."


def nul_paths(value: Any, path: str = "") -> Iterator[str]:
    """Dotted paths (e.g. ``marks.1.client_nonce``) of strings or keys containing NUL."""
    if isinstance(value, str):
        if "\x00" in value:
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            name = f"{path}.{key}" if path else str(key)
            yield from [name.replace("\x00", "")] if "\x00" in str(key) else nul_paths(item, name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from nul_paths(item, f"{path}.{index}" if path else str(index))


def _query_errors(request: HttpRequest) -> list[tuple[str, str]]:
    return sorted({("query", key.replace("\x00", "")) for key, values in request.GET.lists()
                   if "\x00" in key or any("\x00" in value for value in values)})


def _body_errors(request: HttpRequest) -> list[tuple[str, str]]:
    # A NUL can only reach JSON escaped, so most bodies are never parsed twice.
    if request.content_type != "application/json" or b"u0000" not in request.body.lower():
        return []
    try:
        data = json.loads(request.body)
    except ValueError:
        return []  # ninja answers malformed JSON itself
    return [("body", path) for path in nul_paths(data)]


class RejectNulCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        is_api = request.path.startswith("/api/")
        errors = _query_errors(request) + (_body_errors(request) if is_api else [])
        if not errors:
            return self.get_response(request)
        if not is_api:
            return HttpResponseBadRequest(MESSAGE)
        detail = [{"loc": [where, *(name.split(".") if name else [])], "msg": MESSAGE,
                   "type": "value_error"} for where, name in errors]
        return JsonResponse({"detail": detail}, status=422)
