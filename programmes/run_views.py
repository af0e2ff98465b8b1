"""Create and edit a group run (programme, venue and room, facilitators, places, status).
An edit from a form someone else has overtaken is refused, not overwritten (run_version)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from programmes import services
from programmes.forms import RunForm
from programmes.models import GroupRun
from programmes.services.catalogue import run_version
from scheduler.platform.permissions import PLANNERS, require_role

FIELDS = ("name", "venue", "room", "capacity", "creche_places", "status")


def _errors_onto(form: RunForm, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields and field != "version" else None, errors)


def _save(form: RunForm, run: GroupRun | None) -> GroupRun:
    d: dict[str, Any] = form.cleaned_data
    if run is None:
        return services.run_create(programme=d["programme"], facilitators=d["facilitators"],
                                   **{f: d[f] for f in FIELDS})
    return services.run_update(run=run, changes={f: d[f] for f in FIELDS},
                               facilitators=d["facilitators"],
                               expected_version=d["version"] or None)


@login_required
def run_form_page(request: HttpRequest, run_id: int | None = None) -> HttpResponse:
    require_role(request, PLANNERS)
    run = get_object_or_404(GroupRun, pk=run_id) if run_id else None
    initial = ({f: getattr(run, f) for f in (*FIELDS, "programme")} | {
        "facilitators": list(run.facilitators.all()), "version": run_version(run)}
        if run else {"capacity": 12, "creche_places": 0})
    form = RunForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save(form, run)
        except ValidationError as exc:
            _errors_onto(form, exc)
        else:
            messages.success(request, "Run saved.")
            return redirect("programmes:enrolments", run_id=saved.pk)
    return render(request, "programmes/run_form.html", {"form": form, "run": run},
                  status=422 if form.errors else 200)
