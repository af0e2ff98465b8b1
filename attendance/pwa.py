"""The offline register's plumbing: the service worker script and the pages it keeps.

The worker is served by a view (not as a static file) so its scope can be /attendance/ and it
can name the hashed static files; it is never cached by the browser's HTTP cache.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from attendance.selectors import sessions_to_keep_offline
from scheduler.platform.permissions import REGISTER_TAKERS, require_role

SHELL = ["groupwork/site.css", "groupwork/offline-wipe.js", "attendance/queue.js",
         "attendance/sync.js", "attendance/offline.js", "attendance/register.js",
         "attendance/manifest.webmanifest", "attendance/icon.svg"]


@require_GET
@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    body = render_to_string("attendance/sw.js", {"shell": [static(path) for path in SHELL]})
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/attendance/"
    return response


@require_GET
@never_cache
@login_required
def offline_pages(request: HttpRequest) -> JsonResponse:
    """The pages a facilitator's tablet keeps: her session list and the registers of her
    sessions from today through the coming 7 days."""
    user = require_role(request, REGISTER_TAKERS)
    sessions = sessions_to_keep_offline(user=user)
    urls = [reverse("attendance:my_sessions")] + [
        reverse("attendance:register", args=[s.pk]) for s in sessions]
    return JsonResponse({"urls": urls})
