"""Pages for what registers set in motion: follow-ups, partner-support alerts, and registers
not taken. Parse, check the role, call a selector or service: no rules here."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from attendance.aftermath import followup_resolve, followups_open, partner_alerts_for
from attendance.models import FollowUp, FollowUpOutcome, RegistersDigest
from attendance.not_taken import not_taken_counts, registers_not_taken
from attendance.views import PAGE_SIZE
from scheduler.platform.permissions import (
    PERSONAL_RECORD_READERS,
    PLANNERS,
    REGISTER_TAKERS,
    require_role,
)


@login_required
def followups_page(request: HttpRequest) -> HttpResponse:
    user = require_role(request, REGISTER_TAKERS)
    page = Paginator(followups_open(user=user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "attendance/followups.html",
                  {"page": page, "outcomes": FollowUpOutcome.choices})


@login_required
@require_POST
def followup_resolve_view(request: HttpRequest, followup_id: int) -> HttpResponse:
    user = require_role(request, REGISTER_TAKERS)
    followup = get_object_or_404(FollowUp, pk=followup_id)
    try:
        followup_resolve(followup=followup, outcome=request.POST.get("outcome", ""), by=user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Follow-up resolved.")
    return redirect("attendance:followups")


@login_required
def partner_alerts_page(request: HttpRequest) -> HttpResponse:
    """A partner-support worker's own alerts: status only (never for aggregate-only roles)."""
    user = require_role(request, PERSONAL_RECORD_READERS)
    page = Paginator(partner_alerts_for(worker=user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "attendance/partner_alerts.html", {"page": page})


@login_required
def not_taken_page(request: HttpRequest) -> HttpResponse:
    require_role(request, PLANNERS)
    sessions = list(registers_not_taken())
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = {k: sorted(v.items()) for k, v in not_taken_counts(sessions).items()}
    return render(request, "attendance/not_taken.html",
                  {"page": page, "total": len(sessions), "counts": counts,
                   "digest": RegistersDigest.objects.first()})
