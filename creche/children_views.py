"""Pages for a parent's children, who may collect them and who must never collect them.

Crèche staff and coordinators only (CRECHE_STAFF): facilitators and managers get 403. Every
write goes through creche.services; a refusal comes back as an error beside its field.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from creche import selectors, services
from creche.forms import ChildForm, CollectorForm, NeverCollectForm
from creche.models import AuthorisedCollector, Child
from creche.page_helpers import errors_onto, parent_or_404
from scheduler.platform.audit import audited
from scheduler.platform.permissions import CRECHE_STAFF, PLANNERS, require_role

PAGE_SIZE = 25


@audited("list", "child")
@login_required
def children(request: HttpRequest) -> HttpResponse:
    require_role(request, CRECHE_STAFF)
    search = request.GET.get("q", "")[:60]
    page = Paginator(selectors.children_list(search=search), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, "creche/children.html", {
        "page": page, "q": search,
        "parents": selectors.parents_search(search=search)[:PAGE_SIZE]})


@audited("list", "child", "participant_id")
@login_required
@require_http_methods(["GET", "POST"])
def parent(request: HttpRequest, participant_id: int) -> HttpResponse:
    user = require_role(request, CRECHE_STAFF)
    parent = parent_or_404(participant_id)
    form = ChildForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            child = services.child_create(parent=parent, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"{child.known_as} has been added. Now add who may "
                                      "collect them.")
            return redirect("creche:child", child_id=child.pk)
    return render(request, "creche/parent.html", {
        "parent": parent, "children": selectors.children_of(parent=parent), "form": form,
        "can_book": user.has_role(*PLANNERS),
        "enrolments": selectors.enrolments_with_creche(parent=parent)},
        status=422 if form.errors else 200)


def _child_or_404(child_id: int) -> Child:
    try:
        return selectors.child_get(child_id=child_id)
    except Child.DoesNotExist:
        raise Http404("No such child") from None


@audited("read", "child", "child_id")
@login_required
@require_http_methods(["GET", "POST"])
def child(request: HttpRequest, child_id: int) -> HttpResponse:
    require_role(request, CRECHE_STAFF)
    child = _child_or_404(child_id)
    keep_apart = selectors.keep_apart_parties(parent=child.parent)
    action = request.POST.get("action") if request.method == "POST" else None
    forms_ = {
        "collector": CollectorForm(request.POST if action == "add_collector" else None,
                                   prefix="collector"),
        "never": NeverCollectForm(request.POST if action == "add_never" else None,
                                  keep_apart=keep_apart, prefix="never"),
        "details": ChildForm(request.POST if action == "update_child" else None,
                             initial=_child_initial(child), prefix="details"),
    }
    if action and _handle(request, child, action, forms_):
        return redirect("creche:child", child_id=child.pk)
    return render(request, "creche/child.html", {"child": child, **forms_},
                  status=422 if action else 200)


def _child_initial(child: Child) -> dict[str, object]:
    return {"known_as": child.known_as, "date_of_birth": child.date_of_birth,
            "allergies": child.allergies, "medical_notes": child.medical_notes,
            "photo_consent": child.photo_consent}


def _handle(request: HttpRequest, child: Child, action: str,
            forms_: dict[str, forms.Form]) -> bool:
    """Run one action; True when it was saved."""
    if action == "remove_collector":
        return _remove_collector(request, child)
    form = forms_.get({"add_collector": "collector", "add_never": "never",
                       "update_child": "details"}.get(action, ""))
    if form is None or not form.is_valid():
        return False
    try:
        _save(action, child, form.cleaned_data)
    except ValidationError as exc:
        errors_onto(form, exc)
        return False
    messages.success(request, "Saved.")
    return True


def _save(action: str, child: Child, data: dict[str, object]) -> None:
    if action == "add_collector":
        services.collector_add(child=child, **data)  # type: ignore[arg-type]
    elif action == "add_never":
        services.never_collect_add(child=child, **data)  # type: ignore[arg-type]
    else:
        services.child_update(child=child, **data)  # type: ignore[arg-type]


def _remove_collector(request: HttpRequest, child: Child) -> bool:
    pk = request.POST.get("collector", "")
    collector = (AuthorisedCollector.objects.filter(child=child, is_active=True, pk=pk).first()
                 if pk.isdigit() and len(pk) < 19 else None)
    if collector is None:
        messages.error(request, "That collector was not found. Reload the page.")
        return False
    services.collector_remove(collector=collector)
    messages.success(request, "The collector has been removed.")
    return True
