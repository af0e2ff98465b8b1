"""Population figures for the dashboard's reach charts: the list of localities with what each
has given, and a form per locality. Report readers (managers, coordinators) enter them; the
service (attendance.population) decides."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from attendance.models import PopulationFigure
from attendance.population import MAX_RESIDENTS, REACH, Reach, localities_given, population_set
from scheduler.models import Locality
from scheduler.platform.permissions import REPORT_READERS, require_role
from scheduler.platform.requests import AuthedRequest

PAGE_SIZE = 25


def _name(reach: Reach, i: int) -> str:
    return f"{reach.key.value}_{i}"


class PopulationForm(forms.Form):
    """One fieldset per characteristic: where the figures come from, then residents in each
    category (all of them, or none)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for reach in REACH:
            self.fields[f"{reach.key.value}_source"] = forms.CharField(
                max_length=120, required=False, label=f"{reach.key.label}: source",
                help_text="e.g. ONS Census 2021, table TS021")
            for i, category in enumerate(reach.categories):
                self.fields[_name(reach, i)] = forms.IntegerField(
                    min_value=0, max_value=MAX_RESIDENTS, required=False, label=category,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}))

    def groups(self) -> list[tuple[Reach, forms.BoundField, list[forms.BoundField]]]:
        return [(r, self[f"{r.key.value}_source"],
                 [self[_name(r, i)] for i in range(len(r.categories))]) for r in REACH]


def _initial(locality: Locality) -> dict[str, object]:
    found = {(f.characteristic, f.category): f for f in
             PopulationFigure.objects.filter(locality=locality)}
    initial: dict[str, object] = {}
    for reach in REACH:
        for i, category in enumerate(reach.categories):
            figure = found.get((reach.key.value, category))
            if figure is not None:
                initial[_name(reach, i)] = figure.residents
                initial[f"{reach.key.value}_source"] = figure.source
    return initial


def _save(form: PopulationForm, locality: Locality, request: AuthedRequest) -> bool:
    """Every characteristic through the service, all or nothing; refusals onto the form."""
    if not form.is_valid():
        return False
    with transaction.atomic():
        saved = [_save_one(form, reach, locality, request) for reach in REACH]
        if not all(saved):
            transaction.set_rollback(True)  # nothing saved unless everything is
    return all(saved)


def _save_one(form: PopulationForm, reach: Reach, locality: Locality,
              request: AuthedRequest) -> bool:
    data = form.cleaned_data
    fields = {c: _name(reach, i) for i, c in enumerate(reach.categories)}
    try:
        population_set(locality=locality, characteristic=reach.key,
                       residents={c: data.get(name) for c, name in fields.items()},
                       source=data.get(f"{reach.key.value}_source") or "", by=request.user)
    except ValidationError as exc:
        for key, errors in exc.message_dict.items():
            target = fields.get(key) or (f"{reach.key.value}_source" if key == "source"
                                         else None)
            form.add_error(target, errors)
        return False
    return True


@login_required
def population_page(request: AuthedRequest) -> HttpResponse:
    require_role(request, REPORT_READERS)
    page = Paginator(Locality.objects.filter(unmatched=False).order_by("name"),
                     PAGE_SIZE).get_page(request.GET.get("page"))
    given = localities_given([loc.pk for loc in page])
    rows = [(loc, given.get(loc.pk, [])) for loc in page]
    return render(request, "attendance/population.html", {
        "page": page, "rows": rows, "characteristics": [r.key.label for r in REACH]})


@login_required
def population_edit(request: AuthedRequest, locality_id: int) -> HttpResponse:
    require_role(request, REPORT_READERS)
    locality = get_object_or_404(Locality, pk=locality_id, unmatched=False)
    if request.method == "POST":
        form = PopulationForm(request.POST)
        if _save(form, locality, request):
            messages.success(request, f"Population figures for {locality.name} saved.")
            return redirect("attendance:population")
        status = 400
    else:
        form, status = PopulationForm(initial=_initial(locality)), 200
    return render(request, "attendance/population_edit.html",
                  {"locality": locality, "form": form}, status=status)
