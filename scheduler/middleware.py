"""Refuse NUL characters in query strings before any view sees them.

PostgreSQL cannot store or compare text containing NUL (0x00): a filter such as
`?locality=a%00` would otherwise reach the database and fail as a 500. Forms already refuse
NUL (Django's ProhibitNullCharactersValidator) and API bodies use validated string types;
this covers every query parameter, on pages and in the API alike.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

MESSAGE = "Must not contain NUL characters."


def _nul_params(request: HttpRequest) -> list[str]:
    return sorted({key for key, values in request.GET.lists()
                   if "\x00" in key or any("\x00" in value for value in values)})


class RejectNulCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bad = _nul_params(request)
        if not bad:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            detail = [{"loc": ["query", name.replace("\x00", "")], "msg": MESSAGE,
                       "type": "value_error"} for name in bad]
            return JsonResponse({"detail": detail}, status=422)
        return HttpResponseBadRequest(MESSAGE)
