"""Calendar pages: the term at a glance for coordinators, and the secret-URL ICS feeds."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from programmes.models import ProgrammeType
from scheduler.calendar import selectors
from scheduler.calendar.glance import default_term, term_glance
from scheduler.calendar.ical import feed_calendar
from scheduler.models import FeedToken, Term, User, Venue
from scheduler.platform.permissions import PLANNERS, require_role
from scheduler.platform.roles import Role


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


def _int(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


@login_required
def term_glance_page(request: HttpRequest) -> HttpResponse:
    user = require_role(request, PLANNERS)
    term_id = _int(request, "term")
    term = get_object_or_404(Term, pk=term_id) if term_id else default_term()
    filters = {"programme_id": _int(request, "programme"), "venue_id": _int(request, "venue"),
               "facilitator_id": _int(request, "facilitator")}
    glance = term_glance(user=user, term=term, page=_int(request, "page") or 1,
                         **filters) if term else None
    return render(request, "scheduler/term_glance.html", {
        "glance": glance, "filters": filters, "print": request.GET.get("print") == "1",
        "terms": Term.objects.select_related("calendar__locality"),
        "programmes": ProgrammeType.objects.all(), "venues": Venue.objects.all(),
        "facilitators": User.objects.filter(role=Role.FACILITATOR, is_active=True)})
