"""The crèche tablet: sign children in and out, staff on and off, with the ratio in view.

Server-rendered form posts (works on poor Wi-Fi, no JavaScript). Views parse the form, check
the role and call a service; every refusal comes back in large plain words beside the child.
Before sign-out the tablet shows who may collect each child and who must never collect.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from creche import selectors, services
from creche.forms import DayForm, LateRecordForm, SignOutForm
from creche.models import CrecheBooking, CrecheSession
from creche.ratios import age_band, first_aid_valid
from scheduler.calendar.enums import SessionStatus
from scheduler.models import User
from scheduler.platform.audit import audited
from scheduler.platform.permissions import CRECHE_STAFF, require_role
from scheduler.platform.refusals import refusals

STAFF_ERRORS = "staff"
Errors = dict[str, list[str]]


@login_required
def today(request: HttpRequest) -> HttpResponse:
    """The day's crèche sessions, with links to the day before and after."""
    require_role(request, CRECHE_STAFF)
    form = DayForm(request.GET)
    day = (form.cleaned_data["day"] if form.is_valid() else None) or timezone.localdate()
    return render(request, "creche/today.html", {
        "day": day, "sessions": selectors.creche_sessions_on(day=day),
        "previous": day - dt.timedelta(days=1), "next": day + dt.timedelta(days=1),
        "is_today": day == timezone.localdate(),
        "open_incidents": selectors.incidents_unacknowledged_count()})


@dataclass
class Row:
    booking: CrecheBooking
    band: str
    form: SignOutForm
    over_two_hours: bool = False
    errors: list[str] = field(default_factory=list)

    @property
    def present(self) -> bool:
        latest = self.booking.latest_attendance
        return latest is not None and latest.signed_out_at is None


def _creche_or_404(creche_session_id: int) -> CrecheSession:
    try:
        return selectors.creche_session_get(creche_session_id=creche_session_id)
    except CrecheSession.DoesNotExist:
        raise Http404("No such crèche session") from None


@audited("list", "creche_tablet", "creche_session_id")
@login_required
@require_http_methods(["GET", "POST"])
def tablet(request: HttpRequest, creche_session_id: int) -> HttpResponse:
    user = require_role(request, CRECHE_STAFF)
    creche = _creche_or_404(creche_session_id)
    bookings = selectors.tablet_bookings(creche_session=creche)
    errors: Errors = {}
    posted: dict[str, SignOutForm] = {}
    if request.method == "POST":
        errors, posted = _act(request, user, creche, bookings)
        if not errors:
            return redirect("creche:tablet", creche_session_id=creche.pk)
        bookings = selectors.tablet_bookings(creche_session=creche)  # an incident may be new
    return render(request, "creche/tablet.html",
                  _context(creche, bookings, errors, posted, user),
                  status=422 if errors else 200)


def _act(request: HttpRequest, user: User, creche: CrecheSession,
         bookings: list[CrecheBooking]) -> tuple[Errors, dict[str, SignOutForm]]:
    action = request.POST.get("action", "")
    if action == "staff_on":
        return _staff_on(request, user, creche), {}
    if action == "staff_off":
        return _staff_off(request, user, creche), {}
    booking = next((b for b in bookings if str(b.pk) == request.POST.get("booking")), None)
    if booking is None:
        return {STAFF_ERRORS: ["That action was not understood. Reload the page."]}, {}
    if action == "sign_in":
        return _sign_in(request, user, booking), {}
    if action == "sign_out":
        return _sign_out(request, user, booking)
    if action in {"late_sign_in", "late_sign_out"}:
        return _late(request, user, booking, action), {}
    return {STAFF_ERRORS: ["That action was not understood. Reload the page."]}, {}


def _refused(exc: ValidationError, key: str) -> Errors:
    return {key: exc.messages}


def _staff_on(request: HttpRequest, user: User, creche: CrecheSession) -> Errors:
    problems = refusals(lambda: services.staff_sign_on(creche_session=creche, user=user))
    if problems:
        return {STAFF_ERRORS: problems}
    messages.success(request, "You are signed on.")
    return {}


def _staff_off(request: HttpRequest, user: User, creche: CrecheSession) -> Errors:
    problems = refusals(lambda: services.staff_sign_off(creche_session=creche, user=user))
    if problems:
        return {STAFF_ERRORS: problems}
    messages.success(request, "You are signed off.")
    return {}


def _sign_in(request: HttpRequest, user: User, booking: CrecheBooking) -> Errors:
    try:
        services.child_sign_in(booking=booking, by=user)
    except ValidationError as exc:
        return _refused(exc, str(booking.pk))
    messages.success(request, f"{booking.child.known_as} is signed in.")
    return {}


def _sign_out(request: HttpRequest, user: User,
              booking: CrecheBooking) -> tuple[Errors, dict[str, SignOutForm]]:
    key = str(booking.pk)
    form = SignOutForm(request.POST, collectors=booking.child.authorised_collectors.all())
    if not form.is_valid():
        problems = [str(e) for e in form.non_field_errors()] or ["Choose the adult collecting."]
        return {key: problems}, {key: form}
    try:
        services.child_sign_out(booking=booking, collected_by=form.cleaned_data["name"],
                                password=form.cleaned_data["password"], by=user)
    except ValidationError as exc:
        return _refused(exc, key), {key: form}
    messages.success(request, f"{booking.child.known_as} is signed out.")
    return {}, {}


def _late(request: HttpRequest, user: User, booking: CrecheBooking, action: str) -> Errors:
    key = str(booking.pk)
    form = LateRecordForm(_prefixed(request.POST, key))
    if not form.is_valid():
        return {key: [f"{form.fields[n].label}: {' '.join(str(m) for m in e)}"
                      for n, e in form.errors.items()]}
    at = form.at(timezone.localdate(booking.creche_session.starts_at))
    try:
        if action == "late_sign_in":
            services.child_sign_in(booking=booking, by=user, at=at,
                                   reason=form.cleaned_data["reason"])
        else:
            services.child_sign_out(booking=booking, by=user, at=at,
                                    reason=form.cleaned_data["reason"],
                                    collected_by=form.cleaned_data["collected_by"])
    except ValidationError as exc:
        return _refused(exc, key)
    messages.success(request, "The time has been recorded, with the reason.")
    return {}


def _prefixed(data: QueryDict, key: str) -> dict[str, str]:
    """The late-record fields of one child's card (named `late-<booking>-<field>`)."""
    prefix = f"late-{key}-"
    return {k[len(prefix):]: str(v) for k, v in data.items() if k.startswith(prefix)}


def _context(creche: CrecheSession, bookings: list[CrecheBooking], errors: Errors,
             posted: dict[str, SignOutForm], user: User) -> dict[str, object]:
    day = timezone.localdate(creche.starts_at)
    status = selectors.creche_status(creche_session=creche)
    rows = [Row(booking=b, band=age_band(b.child.date_of_birth, day).label,
                form=posted.get(str(b.pk)) or SignOutForm(
                    collectors=b.child.authorised_collectors.all()),
                over_two_hours=b.pk in status.over_two_hours,
                errors=errors.get(str(b.pk), []))
            for b in bookings]
    duties = list(selectors.staff_on_duty(creche_session=creche))
    staff = [(d.user.display_name, first_aid_valid(
        selectors.staff_member(d).first_aid_expires, day)) for d in duties]
    return {"creche": creche, "rows": rows, "status": status, "staff": staff, "day": day,
            "on_duty": any(d.user_id == user.pk for d in duties),
            "cancelled": getattr(creche.session, "status", "") == SessionStatus.CANCELLED,
            "staff_errors": errors.get(STAFF_ERRORS, [])}
