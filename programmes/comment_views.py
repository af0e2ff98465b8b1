"""The complaints and compliments log for coordinators: log one, acknowledge it, resolve it.
Managers see counts and themes on the outcomes page, never a summary or a name."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from programmes.enums import CommentKind, CommentStatus
from programmes.services import comments
from programmes.voice_forms import AcknowledgeForm, CommentForm, ResolveForm, add_service_errors
from programmes.voice_selectors import comments_list
from scheduler.platform.permissions import PLANNERS, require_role

PAGE_SIZE = 25


@login_required
def comments_page(request: HttpRequest) -> HttpResponse:
    require_role(request, PLANNERS)
    kind = request.GET.get("kind", "") if request.GET.get("kind") in CommentKind.values else ""
    status = (request.GET.get("status", "") if request.GET.get("status") in CommentStatus.values
              else "")
    page = Paginator(comments_list(kind=kind, status=status), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "programmes/comments.html", {
        "page": page, "kind": kind, "status": status, "kinds": CommentKind.choices,
        "statuses": CommentStatus.choices})


@login_required
def comment_new(request: HttpRequest) -> HttpResponse:
    user = require_role(request, PLANNERS)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            found = comments.comment_log(
                kind=data["kind"], received_on=data["received_on"], channel=data["channel"],
                summary=data["summary"], themes=list(data["themes"]),
                programme=data["programme"], by=user)
        except ValidationError as exc:
            add_service_errors(form, exc, {"theme_ids": "themes"})
        else:
            messages.success(request, "Logged.")
            return redirect("programmes:comment", comment_id=found.pk)
    return render(request, "programmes/comment_new.html", {"form": form},
                  status=400 if form.errors else 200)


@login_required
def comment_page(request: HttpRequest, comment_id: int) -> HttpResponse:
    """One entry, and the forms that move it on: acknowledge, then resolve."""
    user = require_role(request, PLANNERS)
    comment = get_object_or_404(comments_list(), pk=comment_id)
    action = request.POST.get("action") if request.method == "POST" else None
    ack = AcknowledgeForm(request.POST if action == "acknowledge" else None)
    resolve = ResolveForm(request.POST if action == "resolve" else None, kind=comment.kind)
    form = ack if action == "acknowledge" else resolve if action == "resolve" else None
    if form is not None and form.is_valid():
        try:
            if form is ack:
                comments.comment_acknowledge(comment=comment, by=user, **form.cleaned_data)
            else:
                comments.comment_resolve(comment=comment, by=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect("programmes:comment", comment_id=comment.pk)
    return render(request, "programmes/comment.html",
                  {"comment": comment, "ack_form": ack, "resolve_form": resolve},
                  status=400 if form is not None and form.errors else 200)
