"""Administrators' data-protection pages: the access log (and its CSV), a participant's
subject-access bundle, and erasure with a confirmation step. Administrators only; each
download is itself recorded in the access log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from programmes.models import Participant
from scheduler.platform.access_log import access_log_csv, access_records, usernames
from scheduler.platform.audit import access_record, audited
from scheduler.platform.permissions import ADMINISTRATORS, require_role
from scheduler.privacy import services
from scheduler.privacy.forms import AccessLogFilterForm, EraseForm, ReferenceForm

PAGE_SIZE = 50


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    require_role(request, ADMINISTRATORS)
    form = AccessLogFilterForm(request.GET or None)
    records = access_records(form.filters())
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    access_record(request=request, action="list", object_type="access_log")
    names = usernames(page)
    return render(request, "privacy/access_log.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "rows": [(r, names.get(r.user_id or 0, "")) for r in page]})


@login_required
def access_log_download(request: HttpRequest) -> HttpResponse:
    require_role(request, ADMINISTRATORS)
    form = AccessLogFilterForm(request.GET or None)
    response = HttpResponse(access_log_csv(access_records(form.filters())),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="access-log.csv"'
    access_record(request=request, action="export", object_type="access_log_csv")
    return response


@login_required
def participant_find(request: HttpRequest) -> HttpResponse:
    require_role(request, ADMINISTRATORS)
    form = ReferenceForm(request.GET or None)
    if form.is_valid():
        try:
            participant = services.participant_by_reference(
                reference=form.cleaned_data["reference"])
        except ValidationError as exc:
            form.add_error("reference", exc.messages)
        else:
            return redirect("privacy:participant", participant_id=participant.pk)
    return render(request, "privacy/participant_find.html", {"form": form},
                  status=422 if form.errors else 200)


def _participant_or_404(participant_id: int) -> Participant:
    participant = Participant.objects.filter(pk=participant_id).first()
    if participant is None:
        raise Http404("No such participant")
    return participant


@audited("read", "participant", "participant_id")
@login_required
def participant(request: HttpRequest, participant_id: int) -> HttpResponse:
    require_role(request, ADMINISTRATORS)
    p = _participant_or_404(participant_id)
    return render(request, "privacy/participant.html", {
        "participant": p, "erased": services.is_erased(p)})


@audited("export", "subject_access", "participant_id")
@login_required
def subject_access_download(request: HttpRequest, participant_id: int,
                            fmt: str) -> HttpResponse:
    require_role(request, ADMINISTRATORS)
    if fmt not in ("json", "html"):
        raise Http404("No such format")
    bundle = services.subject_access_bundle(participant=_participant_or_404(participant_id))
    if fmt == "json":
        response = HttpResponse(bundle.json, content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(bundle.html, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="subject-access-{bundle.reference}.{fmt}"')
    return response


@login_required
@require_http_methods(["GET", "POST"])
def participant_erase(request: HttpRequest, participant_id: int) -> HttpResponse:
    user = require_role(request, ADMINISTRATORS)
    p = _participant_or_404(participant_id)
    form = EraseForm(request.POST or None, reference=p.reference)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_erase(participant=p, reason=form.cleaned_data["reason"], by=user)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"Participant id {p.pk} has been erased.")
            return redirect("privacy:participant", participant_id=p.pk)
    return render(request, "privacy/participant_erase.html", {
        "participant": p, "form": form, "erased": services.is_erased(p)},
        status=422 if form.errors else 200)
