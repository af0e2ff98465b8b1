"""Coordinator pages for texts: replies, wording. Parse, check role, call a service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from notifications import selectors, services
from notifications.consent import CONSENT_WORDINGS
from notifications.enums import MessageKind, SkipReason
from notifications.forms import ConsentForm, TemplateForm
from scheduler.platform.audit import audited
from scheduler.platform.permissions import PLANNERS, require_role

PAGE_SIZE = 25
INBOX_TABS = (("all", "All"), ("unread", "Unread"), ("urgent", "Urgent"), ("stop", "Stops"))


@audited("list", "inbound_message")
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    require_role(request, PLANNERS)
    show = request.GET.get("show", "all")
    show = show if show in selectors.INBOX_FILTERS else "all"
    page = Paginator(selectors.inbox_messages(show=show), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "notifications/inbox.html", {
        "page": page, "show": show, "tabs": INBOX_TABS, "counts": selectors.inbox_counts()})


@login_required
@require_POST
def inbox_mark_read(request: HttpRequest, inbound_id: int) -> HttpResponse:
    user = require_role(request, PLANNERS)
    try:
        services.inbound_mark_read(inbound_id=inbound_id, by=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Marked as read.")
    show = request.POST.get("show", "all")
    show = show if show in selectors.INBOX_FILTERS else "all"
    return redirect(f"{reverse('notifications:inbox')}?show={show}")


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    require_role(request, PLANNERS)
    templates = [(kind, label, selectors.template_body(kind=kind))
                 for kind, label in MessageKind.choices]
    return render(request, "notifications/templates.html", {
        "templates": templates, "banned": selectors.banned_words()})


@login_required
def template_edit(request: HttpRequest, kind: str) -> HttpResponse:
    user = require_role(request, PLANNERS)
    if kind not in MessageKind.values:
        raise Http404
    form = TemplateForm(request.POST or None,
                        initial={"body": selectors.template_body(kind=kind)})
    preview = None
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        preview = services.template_preview(kind=kind, body=body)
        if request.POST.get("action") == "save":
            try:
                services.template_update(kind=kind, body=body, by=user)
            except ValidationError as exc:
                form.add_error("body", exc.messages)
            else:
                messages.success(request, "Wording saved.")
                return redirect("notifications:templates")
    if preview is None:
        preview = services.template_preview(kind=kind, body=form["body"].value() or "")
    return render(request, "notifications/template_edit.html", {
        "form": form, "kind": kind, "label": MessageKind(kind).label, "preview": preview,
        "banned": selectors.banned_words()})


@audited("list", "safe_contact")
@login_required
def consent_list(request: HttpRequest) -> HttpResponse:
    require_role(request, PLANNERS)
    show = request.GET.get("show", "all")
    show = show if show in selectors.CONSENT_FILTERS else "all"
    page = Paginator(selectors.contacts_for_consent(show=show), PAGE_SIZE).get_page(
        request.GET.get("page"))
    rows = [(c, selectors.consent_renewal_due_at(c)) for c in page]
    return render(request, "notifications/consent_list.html", {
        "page": page, "rows": rows, "show": show, "now": timezone.now(),
        "tabs": (("all", "All"), ("due", "Re-confirmation due"))})


@audited("read", "safe_contact", "participant_id")
@login_required
def consent_detail(request: HttpRequest, participant_id: int) -> HttpResponse:
    user = require_role(request, PLANNERS)
    contact = selectors.contact_or_none(participant_id=participant_id)
    if contact is None or not contact.phone:
        raise Http404
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_consent_record(participant=contact.participant, by=user,
                                            **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "Consent recorded.")
            return redirect("notifications:consent-detail", participant_id=participant_id)
    return render(request, "notifications/consent_detail.html", {
        "contact": contact, "form": form, "renewal_due_at": selectors.consent_renewal_due_at(
            contact), "now": timezone.now(), "wordings": CONSENT_WORDINGS})


OUTBOX_TAB_LABELS = (("all", "All"), ("pending", "Pending"), ("sent", "Sent"),
                     ("delivered", "Delivered"), ("failed", "Failed"), ("review", "Review"),
                     ("suppressed", "Suppressed"))


@audited("list", "message")
@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    require_role(request, PLANNERS)
    show = request.GET.get("show", "all")
    show = show if show in selectors.OUTBOX_TABS else "all"
    page = Paginator(selectors.outbox_page_messages(show=show), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "notifications/outbox.html", {
        "page": page, "show": show, "tabs": OUTBOX_TAB_LABELS,
        "counts": selectors.outbox_counts(), "reasons": dict(SkipReason.choices)})


@login_required
@require_POST
def outbox_resolve(request: HttpRequest, message_id: int) -> HttpResponse:
    user = require_role(request, PLANNERS)
    was_sent = request.POST.get("was_sent")
    if was_sent not in ("yes", "no"):
        messages.error(request, "Say whether the text was sent.")
    else:
        try:
            services.message_review_resolve(message_id=message_id, was_sent=was_sent == "yes",
                                            by=user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Recorded as sent." if was_sent == "yes"
                             else "It will be sent again after the usual safety checks.")
    return redirect(f"{reverse('notifications:outbox')}?show=review")
