"""The provider's reference lists, for coordinators: localities (grouped into commissioning
lots), unmatched localities carried over from free text, and funders. Views parse forms and
call the locality services; the services decide."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from scheduler.calendar.services import localities as services
from scheduler.models import Funder, Locality, Lot
from scheduler.platform.permissions import PLANNERS, require_role

PAGE_SIZE = 25


def _lots() -> Any:
    return Lot.objects.order_by("name")


class LocalityForm(forms.Form):
    name = forms.CharField(max_length=80, label="Locality")
    lot = forms.ModelChoiceField(queryset=_lots(), required=False, label="Lot",
                                 empty_label="No lot")


class LotForm(forms.Form):
    name = forms.CharField(max_length=120, label="Lot")


class FunderForm(forms.Form):
    name = forms.CharField(max_length=120, label="Funder (commissioner)")


class SetLotForm(forms.Form):
    lot = forms.ModelChoiceField(queryset=_lots(), required=False, label="Lot",
                                 empty_label="No lot")


class ResolveForm(forms.Form):
    into = forms.ModelChoiceField(
        queryset=Locality.objects.filter(unmatched=False).order_by("name"), required=False,
        label="Merge into", empty_label="Keep it: add it to the list")


def _apply(form: forms.Form, call: Callable[[dict[str, Any]], object]) -> bool:
    """Run the service with the form's data; a refusal goes onto the form."""
    if not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return False
    return True


@login_required
def localities_page(request: HttpRequest) -> HttpResponse:
    require_role(request, PLANNERS)
    post = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "")
    forms_ = {"locality": LocalityForm(post if action == "locality" else None, prefix="loc"),
              "lot": LotForm(post if action == "lot" else None, prefix="lot"),
              "funder": FunderForm(post if action == "funder" else None, prefix="funder")}
    calls: dict[str, Callable[[dict[str, Any]], object]] = {
        "locality": lambda d: services.locality_create(name=d["name"], lot=d["lot"]),
        "lot": lambda d: services.lot_create(name=d["name"]),
        "funder": lambda d: services.funder_create(name=d["name"]),
    }
    if action in calls and _apply(forms_[action], calls[action]):
        messages.success(request, "Saved.")
        return redirect("calendar:localities")
    # The selects' options are read once for the page, not once per row.
    choices = {"lot": [("", "No lot"), *((lot.pk, lot.name) for lot in _lots())],
               "into": [("", "Keep it: add it to the list"),
                        *Locality.objects.filter(unmatched=False).order_by("name")
                        .values_list("pk", "name")]}
    page = Paginator(Locality.objects.select_related("lot").order_by("unmatched", "name"),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"locality": loc, "form": _row_form(loc, choices)} for loc in page]
    return render(request, "scheduler/localities.html", {
        "page": page, "rows": rows, **forms_,
        "lots": choices["lot"][1:], "funders": Funder.objects.order_by("name"),
        "unmatched": Locality.objects.filter(unmatched=True).count(),
    }, status=400 if action in calls else 200)


def _row_form(loc: Locality, choices: dict[str, list[Any]]) -> forms.Form:
    form: forms.Form
    if loc.unmatched:
        form, name = ResolveForm(prefix=f"r{loc.pk}"), "into"
    else:
        form, name = SetLotForm(prefix=f"s{loc.pk}", initial={"lot": loc.lot_id}), "lot"
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.choices = choices[name]
    return form


@login_required
def locality_change(request: HttpRequest, locality_id: int) -> HttpResponse:
    """POST: give a listed locality its lot, or resolve an unmatched one."""
    require_role(request, PLANNERS)
    locality = get_object_or_404(Locality, pk=locality_id)
    if request.method != "POST":
        return redirect("calendar:localities")
    if locality.unmatched:
        form: forms.Form = ResolveForm(request.POST, prefix=f"r{locality.pk}")
        done = _apply(form, lambda d: services.locality_resolve(locality=locality,
                                                                into=d["into"]))
    else:
        form = SetLotForm(request.POST, prefix=f"s{locality.pk}")
        done = _apply(form, lambda d: services.locality_set_lot(locality=locality,
                                                                lot=d["lot"]))
    if done:
        messages.success(request, "Saved.")
    else:
        for error in form.errors.as_data().values():
            for message in error:
                messages.error(request, " ".join(message.messages))
    return redirect("calendar:localities")
