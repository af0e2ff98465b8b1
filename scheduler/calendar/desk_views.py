"""The coordinator's desk: venues and rooms, term calendars (with .ics import), closures and
bank holidays, facilitators' working hours and leave.

Views parse forms and call one calendar service each (the same ones the API calls); a refusal
goes onto the form next to its field, keeping what was typed. Edits carry a fingerprint of what
the form showed, so an edit from a form someone else has overtaken is refused, not saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from scheduler.calendar import selectors, services
from scheduler.calendar.desk_forms import (
    CalendarForm,
    ClosureForm,
    HoursForm,
    IcsApplyForm,
    IcsUploadForm,
    LeaveForm,
    RoomForm,
    TermForm,
    VenueForm,
    note_unmatched,
)
from scheduler.calendar.forms import WEEKDAYS
from scheduler.calendar.ical import events_left_out
from scheduler.calendar.recurrence import bank_holidays
from scheduler.models import (
    Closure,
    FacilitatorHours,
    FacilitatorLeave,
    Room,
    Term,
    TermCalendar,
    User,
    Venue,
)
from scheduler.platform.permissions import PLANNERS, REGISTER_TAKERS, require_role
from scheduler.platform.refusals import run_with_messages
from scheduler.platform.requests import AuthedRequest

PER_PAGE = 25
T = TypeVar("T")

# Service field names that the forms call differently.
FIELD_OF = {"venue_id": "venue", "ics": "ics_file", "hours": None, "leave": None}


def _errors_onto(form: forms.Form, exc: ValidationError) -> None:
    """A service's field errors next to the form's fields; the rest (stale form) at the top."""
    for field, errors in exc.message_dict.items():
        name = FIELD_OF.get(field, field)
        form.add_error(name if name in form.fields and name != "version" else None, errors)


def _save(form: forms.Form, call: Callable[[dict[str, Any]], T]) -> T | None:
    """Run one service call with the form's cleaned data; None (errors on the form) if the form
    is invalid or the service refused."""
    if not form.is_valid():
        return None
    try:
        return call(form.cleaned_data)
    except ValidationError as exc:
        _errors_onto(form, exc)
        return None


def _expected(data: dict[str, Any]) -> str | None:
    return data.get("version") or None


def _page(request: AuthedRequest, rows: Any) -> Any:
    return Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))


def _render(request: AuthedRequest, template: str, context: dict[str, Any],
            *forms_shown: forms.Form) -> HttpResponse:
    bad = any(f.is_bound and f.errors for f in forms_shown)
    return render(request, f"scheduler/desk/{template}", context, status=422 if bad else 200)


# --- venues and rooms --------------------------------------------------------------------

@login_required
def venue_list(request: AuthedRequest) -> HttpResponse:
    require_role(request, PLANNERS)
    page = _page(request, selectors.venues_list().order_by("name"))
    return render(request, "scheduler/desk/venues.html", {"page": page})


VENUE_FIELDS = ("name", "locality", "address", "is_confidential", "accessibility_notes",
                "has_creche_room")


@login_required
def venue_form(request: AuthedRequest, venue_id: int | None = None) -> HttpResponse:
    require_role(request, PLANNERS)
    venue = get_object_or_404(Venue.objects.select_related("locality"),
                              pk=venue_id) if venue_id else None
    initial = ({f: getattr(venue, f) for f in VENUE_FIELDS}
               | {"version": services.venue_version(venue)}) if venue else {}
    form = VenueForm(request.POST or None, initial=initial)
    note_unmatched(form, venue.locality if venue else None)
    if request.method == "POST":
        def call(d: dict[str, Any]) -> Venue:
            fields = {f: d[f] for f in VENUE_FIELDS}
            if venue is None:
                return services.venue_create(**fields)
            return services.venue_update(venue=venue, expected_version=_expected(d), **fields)
        saved = _save(form, call)
        if saved is not None:
            messages.success(request, f"{saved.name} saved.")
            return redirect("calendar:venue", venue_id=saved.pk)
    return _render(request, "venue_form.html", {"form": form, "venue": venue}, form)


@login_required
def venue_page(request: AuthedRequest, venue_id: int) -> HttpResponse:
    """A venue: its details, its rooms (each editable), and a form to add a room."""
    require_role(request, PLANNERS)
    venue = get_object_or_404(Venue.objects.prefetch_related("rooms"), pk=venue_id)
    form = RoomForm(request.POST or None, prefix="room")
    if request.method == "POST":
        room = _save(form, lambda d: services.room_create(venue=venue, name=d["name"],
                                                          capacity=d["capacity"]))
        if room is not None:
            messages.success(request, f"Room {room.name} added.")
            return redirect("calendar:venue", venue_id=venue.pk)
    return _render(request, "venue.html", {"venue": venue, "rooms": venue.rooms.all(),
                                           "form": form}, form)


@login_required
def room_form(request: AuthedRequest, room_id: int) -> HttpResponse:
    require_role(request, PLANNERS)
    room = get_object_or_404(Room.objects.select_related("venue"), pk=room_id)
    form = RoomForm(request.POST or None, initial={
        "name": room.name, "capacity": room.capacity, "version": services.room_version(room)})
    if request.method == "POST":
        saved = _save(form, lambda d: services.room_update(
            room=room, name=d["name"], capacity=d["capacity"], expected_version=_expected(d)))
        if saved is not None:
            messages.success(request, f"Room {saved.name} saved.")
            return redirect("calendar:venue", venue_id=room.venue_id)
    return _render(request, "room_form.html", {"form": form, "room": room}, form)


# --- term calendars ----------------------------------------------------------------------

@login_required
def calendar_list(request: AuthedRequest) -> HttpResponse:
    require_role(request, PLANNERS)
    rows = (TermCalendar.objects.select_related("locality").prefetch_related("terms")
            .order_by("locality__name", "name"))
    return render(request, "scheduler/desk/calendars.html", {"page": _page(request, rows)})


@login_required
def calendar_form(request: AuthedRequest, calendar_id: int | None = None) -> HttpResponse:
    require_role(request, PLANNERS)
    calendar = get_object_or_404(TermCalendar.objects.select_related("locality"),
                                 pk=calendar_id) if calendar_id else None
    initial = {"name": calendar.name, "locality": calendar.locality,
               "version": services.calendar_version(calendar)} if calendar else {}
    form = CalendarForm(request.POST or None, initial=initial)
    note_unmatched(form, calendar.locality if calendar else None)
    if request.method == "POST":
        def call(d: dict[str, Any]) -> TermCalendar:
            if calendar is None:
                return services.calendar_create(name=d["name"], locality=d["locality"])
            return services.calendar_update(calendar=calendar, name=d["name"],
                                            locality=d["locality"],
                                            expected_version=_expected(d))
        saved = _save(form, call)
        if saved is not None:
            messages.success(request, f"{saved.name} saved.")
            return redirect("calendar:term_calendar", calendar_id=saved.pk)
    return _render(request, "calendar_form.html", {"form": form, "calendar": calendar}, form)


TERM_FIELDS = ("season", "name", "starts_on", "ends_on", "half_term_starts_on",
               "half_term_ends_on")


@login_required
def calendar_page(request: AuthedRequest, calendar_id: int) -> HttpResponse:
    """A term calendar: its terms and half-terms, a form to add a term, the .ics import."""
    require_role(request, PLANNERS)
    calendar = get_object_or_404(TermCalendar.objects.select_related("locality"),
                                 pk=calendar_id)
    form = TermForm(request.POST or None, prefix="term")
    if request.method == "POST":
        term = _save(form, lambda d: services.term_add(
            calendar=calendar, **{f: d[f] for f in TERM_FIELDS}))
        if term is not None:
            messages.success(request, f"{term.name} added.")
            return redirect("calendar:term_calendar", calendar_id=calendar.pk)
    page = _page(request, calendar.terms.order_by("-starts_on"))  # the latest terms first
    return _render(request, "calendar.html", {
        "calendar": calendar, "page": page, "terms": list(page.object_list), "form": form,
        "upload": IcsUploadForm()}, form)


@login_required
def term_form(request: AuthedRequest, term_id: int) -> HttpResponse:
    require_role(request, PLANNERS)
    term = get_object_or_404(Term.objects.select_related("calendar"), pk=term_id)
    form = TermForm(request.POST or None, initial={f: getattr(term, f) for f in TERM_FIELDS}
                    | {"version": services.term_version(term)})
    if request.method == "POST":
        saved = _save(form, lambda d: services.term_update(
            term=term, expected_version=_expected(d), **{f: d[f] for f in TERM_FIELDS}))
        if saved is not None:
            messages.success(request, f"{saved.name} saved.")
            return redirect("calendar:term_calendar", calendar_id=term.calendar_id)
    return _render(request, "term_form.html", {"form": form, "term": term}, form)


@login_required
@require_POST
def term_delete(request: AuthedRequest, term_id: int) -> HttpResponse:
    require_role(request, PLANNERS)
    term = get_object_or_404(Term, pk=term_id)
    run_with_messages(request, lambda: services.term_delete(term=term),
                      f"{term.name} removed from the calendar.")
    return redirect("calendar:term_calendar", calendar_id=term.calendar_id)


@login_required
def calendar_import(request: AuthedRequest, calendar_id: int) -> HttpResponse:
    """POST a file: preview what the import would create (nothing saved). POST action=apply
    with the previewed text: import it in one transaction."""
    require_role(request, PLANNERS)
    calendar = get_object_or_404(TermCalendar, pk=calendar_id)
    context: dict[str, Any] = {"calendar": calendar}
    upload = IcsUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return _render(request, "calendar_import.html", context | {"upload": upload})
    if request.POST.get("action") == "apply":
        apply = IcsApplyForm(request.POST)
        done = _save(apply, lambda d: services.terms_import(calendar_name=calendar.name,
                                                            ics=d["ics"]))
        if done is not None:
            messages.success(request, f"{len(done)} term{'s' if len(done) != 1 else ''} "
                                      "imported.")
            return redirect("calendar:term_calendar", calendar_id=calendar.pk)
        problems = [str(e) for errors in apply.errors.values() for e in errors]
        return render(request, "scheduler/desk/calendar_import.html", context | {
            "upload": IcsUploadForm(), "problems": problems or [
                "The file could not be imported; upload it again."]}, status=422)
    preview = _save(upload, lambda d: services.terms_import_preview(
        calendar_name=calendar.name, ics=d["ics_file"]))
    if preview is None:
        return _render(request, "calendar_import.html", context | {"upload": upload}, upload)
    text = upload.cleaned_data["ics_file"]
    return render(request, "scheduler/desk/calendar_import.html", context | {
        "upload": IcsUploadForm(), "preview": preview, "left_out": events_left_out(text),
        "apply": IcsApplyForm(initial={"ics": text})})


# --- closures and bank holidays ----------------------------------------------------------

def _span_of(closure: Closure) -> selectors.DaySpan:
    return selectors.DaySpan(closure.pk, closure.starts_on, closure.ends_on,
                             closure.venue_id)


@login_required
def closure_list(request: AuthedRequest) -> HttpResponse:
    """Closures from today on (or all with ?past=1), each with the sessions it touches; and
    the bank holidays of the coming year, which every schedule skips."""
    require_role(request, PLANNERS)
    today = timezone.localdate()
    show_past = request.GET.get("past") == "1"
    rows = Closure.objects.select_related("venue").order_by("starts_on", "id")
    if not show_past:
        rows = rows.filter(ends_on__gte=today)
    page = _page(request, rows)
    closures = list(page.object_list)
    holidays = sorted(bank_holidays(today, today + dt.timedelta(days=365)).items())
    hit = selectors.sessions_hit([_span_of(c) for c in closures] + [
        selectors.DaySpan(("bank", day), day, day) for day, _ in holidays])
    return render(request, "scheduler/desk/closures.html", {
        "page": page, "show_past": show_past,
        "rows": [(c, hit[c.pk]) for c in closures],
        "holidays": [(day, name, hit[("bank", day)]) for day, name in holidays]})


CLOSURE_FIELDS = ("kind", "venue", "starts_on", "ends_on", "reason")


@login_required
def closure_form(request: AuthedRequest, closure_id: int | None = None) -> HttpResponse:
    require_role(request, PLANNERS)
    closure = get_object_or_404(Closure, pk=closure_id) if closure_id else None
    initial = ({f: getattr(closure, f) for f in CLOSURE_FIELDS}
               | {"version": services.closure_version(closure)}) if closure else {}
    form = ClosureForm(request.POST or None, initial=initial)
    if request.method == "POST":
        def call(d: dict[str, Any]) -> Closure:
            fields = {f: d[f] for f in CLOSURE_FIELDS}
            if closure is None:
                return services.closure_create(**fields)
            return services.closure_update(closure=closure, expected_version=_expected(d),
                                           **fields)
        saved = _save(form, call)
        if saved is not None:
            touched = len(selectors.sessions_hit([_span_of(saved)])[saved.pk])
            falls = "session falls" if touched == 1 else "sessions fall"
            messages.success(request, f"Closure saved. {touched} scheduled {falls} on it.")
            return redirect("calendar:closures")
    affected = selectors.sessions_hit([_span_of(closure)])[closure.pk] if closure else []
    return _render(request, "closure_form.html", {"form": form, "closure": closure,
                                                  "affected": affected}, form)


@login_required
@require_POST
def closure_delete(request: AuthedRequest, closure_id: int) -> HttpResponse:
    require_role(request, PLANNERS)
    closure = get_object_or_404(Closure, pk=closure_id)
    run_with_messages(request, lambda: services.closure_delete(closure=closure),
                      f"Closure \u201c{closure.reason}\u201d deleted.")
    return redirect("calendar:closures")


# --- facilitators' working hours and leave -----------------------------------------------

@login_required
def facilitator_list(request: AuthedRequest) -> HttpResponse:
    user = require_role(request, PLANNERS)
    page = _page(request, selectors.facilitators_with_availability(user=user))
    return render(request, "scheduler/desk/facilitators.html", {"page": page})


def _person(request: AuthedRequest, user_id: int) -> tuple[User, User]:
    """(who is asking, whose availability): planners anyone's, a facilitator only her own
    (anyone else's is a 404, as in the API)."""
    me = require_role(request, REGISTER_TAKERS)
    return me, get_object_or_404(selectors.facilitators_visible_to(user=me), pk=user_id)


@login_required
def availability_page(request: AuthedRequest, user_id: int) -> HttpResponse:
    """Weekly working hours (planners record them) and leave (planners, or the facilitator
    herself). Schedule previews and session clashes warn about sessions outside them."""
    me, person = _person(request, user_id)
    planner = me.has_role(*PLANNERS)
    hours_form = HoursForm(prefix="hours")
    leave_form = LeaveForm(prefix="leave")
    if request.method == "POST":
        if request.POST.get("action") == "hours":
            if not planner:
                raise PermissionDenied("Only coordinators record working hours")
            hours_form = HoursForm(request.POST, prefix="hours")
            saved: object = _save(hours_form, lambda d: services.hours_add(user=person, **d))
        else:
            leave_form = LeaveForm(request.POST, prefix="leave")
            saved = _save(leave_form, lambda d: services.leave_add(user=person, **d))
        if saved is not None:
            messages.success(request, "Saved. Schedule previews now take it into account.")
            return redirect("calendar:availability", user_id=person.pk)
    today = timezone.localdate()
    leave = list(FacilitatorLeave.objects.filter(user=person).order_by("starts_on"))
    return _render(request, "availability.html", {
        "person": person, "planner": planner, "is_me": me.pk == person.pk,
        "hours": [(h, dict(WEEKDAYS)[str(h.weekday)]) for h in
                  FacilitatorHours.objects.filter(user=person).order_by("weekday", "starts_at")],
        "leave": [lv for lv in leave if lv.ends_on >= today],
        "past_leave": [lv for lv in leave if lv.ends_on < today][-10:],
        "hours_form": hours_form, "leave_form": leave_form}, hours_form, leave_form)


@login_required
@require_POST
def hours_delete(request: AuthedRequest, hours_id: int) -> HttpResponse:
    require_role(request, PLANNERS)
    hours = get_object_or_404(FacilitatorHours, pk=hours_id)
    run_with_messages(request, lambda: services.hours_delete(hours=hours),
                      "Working hours removed.")
    return redirect("calendar:availability", user_id=hours.user_id)


@login_required
@require_POST
def leave_delete(request: AuthedRequest, leave_id: int) -> HttpResponse:
    me = require_role(request, REGISTER_TAKERS)
    visible = selectors.facilitators_visible_to(user=me)
    leave = get_object_or_404(FacilitatorLeave.objects.filter(user__in=visible), pk=leave_id)
    run_with_messages(request, lambda: services.leave_delete(leave=leave), "Leave removed.")
    return redirect("calendar:availability", user_id=leave.user_id)
