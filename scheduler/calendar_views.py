"""Calendar pages: the term at a glance for coordinators, and the secret-URL ICS feeds."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from scheduler import selectors
from scheduler.ical import feed_calendar
from scheduler.models import FeedToken


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """No login: the URL is the secret. Unknown or revoked tokens are 404, never 403."""
    try:
        found = selectors.feed_for_token(token)
    except FeedToken.DoesNotExist:
        raise Http404("No such feed") from None
    body = feed_calendar(selectors.feed_sessions(found), name=selectors.feed_title(found))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["Referrer-Policy"] = "no-referrer"
    return response


def term_glance(request: HttpRequest) -> HttpResponse:
    raise Http404
