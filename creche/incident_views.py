"""Refused collections for coordinators: the list (unacknowledged first) and acknowledging one.

Crèche staff can read the list; only coordinators and admins acknowledge (the service checks).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from creche import selectors, services
from creche.models import CollectionIncident
from scheduler.platform.permissions import CRECHE_STAFF, PLANNERS, require_role

PAGE_SIZE = 25


@login_required
def incidents(request: HttpRequest) -> HttpResponse:
    user = require_role(request, CRECHE_STAFF)
    ordered = selectors.incidents_list().order_by(F("acknowledged_at").asc(nulls_first=True),
                                                   "-happened_at", "-id")
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "creche/incidents.html", {
        "page": page, "can_acknowledge": user.has_role(*PLANNERS),
        "open_incidents": selectors.incidents_unacknowledged_count()})


@login_required
@require_POST
def incident_acknowledge(request: HttpRequest, incident_id: int) -> HttpResponse:
    user = require_role(request, PLANNERS)
    try:
        incident = selectors.incident_get(incident_id=incident_id)
    except CollectionIncident.DoesNotExist:
        raise Http404("No such incident") from None
    try:
        services.incident_acknowledge(incident=incident, by=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Incident acknowledged.")
    return redirect("creche:incidents")
