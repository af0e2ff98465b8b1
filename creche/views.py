"""The crèche tablet: sign children in and out, staff on and off, with the ratio in view.

Server-rendered form posts (works on poor Wi-Fi, no JavaScript). Views parse the form, check
the role and call a service; every refusal comes back as a form error beside the child.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from creche import selectors, services
from creche.forms import SignOutForm
from creche.models import Attendance, AuthorisedCollector, CrecheBooking, CrecheSession
from creche.ratios import age_band, first_aid_valid
from scheduler.models import User
from scheduler.platform.permissions import CRECHE_STAFF, require_role
from scheduler.platform.refusals import refusals

STAFF_ERRORS = "staff"


@login_required
def today(request: HttpRequest) -> HttpResponse:
    require_role(request, CRECHE_STAFF)
    day = timezone.localdate()
    return render(request, "creche/today.html",
                  {"day": day, "sessions": selectors.creche_sessions_on(day=day)})


@dataclass
class Row:
    booking: CrecheBooking
    band: str
    attendance: Attendance | None
    form: SignOutForm
    over_two_hours: bool = False
    errors: list[str] = field(default_factory=list)


def _creche_or_404(creche_session_id: int) -> CrecheSession:
    try:
        return selectors.creche_session_get(creche_session_id=creche_session_id)
    except CrecheSession.DoesNotExist:
        raise Http404("No such crèche session") from None


def _bookings(creche: CrecheSession) -> list[CrecheBooking]:
    active = AuthorisedCollector.objects.filter(is_active=True)
    return list(selectors.bookings_for_session(creche_session=creche).prefetch_related(
        Prefetch("child__authorised_collectors", queryset=active)))


@login_required
@require_http_methods(["GET", "POST"])
def tablet(request: HttpRequest, creche_session_id: int) -> HttpResponse:
    user = require_role(request, CRECHE_STAFF)
    creche = _creche_or_404(creche_session_id)
    bookings = _bookings(creche)
    errors: dict[str, list[str]] = {}
    posted: dict[str, SignOutForm] = {}
    if request.method == "POST":
        errors, posted = _act(request, user, creche, bookings)
        if not errors:
            return redirect("creche:tablet", creche_session_id=creche.pk)
    return render(request, "creche/tablet.html",
                  _context(creche, bookings, errors, posted, user),
                  status=422 if errors else 200)


def _act(request: HttpRequest, user: User, creche: CrecheSession,
         bookings: list[CrecheBooking]) -> tuple[dict[str, list[str]], dict[str, SignOutForm]]:
    action = request.POST.get("action", "")
    if action in {"staff_on", "staff_off"}:
        return _staff_action(request, user, creche, action), {}
    booking = next((b for b in bookings if str(b.pk) == request.POST.get("booking")), None)
    if booking is None or action not in {"sign_in", "sign_out"}:
        return {STAFF_ERRORS: ["That action was not understood. Reload the page."]}, {}
    if action == "sign_in":
        return _run(request, str(booking.pk), "Signed in.",
                    lambda: services.child_sign_in(booking=booking, by=user)), {}
    form = SignOutForm(request.POST, collectors=booking.child.authorised_collectors.all())
    if not form.is_valid():
        return {str(booking.pk): ["Choose the adult collecting from the list."]}, \
            {str(booking.pk): form}
    return _run(request, str(booking.pk), "Signed out.", lambda: services.child_sign_out(
        booking=booking, collected_by=form.cleaned_data["collected_by"],
        password=form.cleaned_data["password"], by=user)), {str(booking.pk): form}


def _staff_action(request: HttpRequest, user: User, creche: CrecheSession,
                  action: str) -> dict[str, list[str]]:
    if action == "staff_on":
        return _run(request, STAFF_ERRORS, "You are signed on.",
                    lambda: services.staff_sign_on(creche_session=creche, user=user))
    return _run(request, STAFF_ERRORS, "You are signed off.",
                lambda: services.staff_sign_off(creche_session=creche, user=user))


def _run(request: HttpRequest, key: str, done: str,
         call: Callable[[], object]) -> dict[str, list[str]]:
    problems = refusals(call)
    if problems:
        return {key: problems}
    messages.success(request, done)
    return {}


def _context(creche: CrecheSession, bookings: list[CrecheBooking], errors: dict[str, list[str]],
             posted: dict[str, SignOutForm], user: User) -> dict[str, object]:
    day = timezone.localdate(creche.starts_at)
    status = selectors.creche_status(creche_session=creche)
    rows = [Row(booking=b, band=age_band(b.child.date_of_birth, day).label,
                attendance=getattr(b, "attendance", None),
                form=posted.get(str(b.pk)) or SignOutForm(
                    collectors=b.child.authorised_collectors.all()),
                over_two_hours=b.pk in status.over_two_hours,
                errors=errors.get(str(b.pk), []))
            for b in bookings]
    duties = list(selectors.staff_on_duty(creche_session=creche))
    staff = [(d.user.display_name, first_aid_valid(
        selectors.staff_member(d).first_aid_expires, day)) for d in duties]
    return {"creche": creche, "rows": rows, "status": status, "staff": staff,
            "on_duty": any(d.user_id == user.pk for d in duties),
            "staff_errors": errors.get(STAFF_ERRORS, [])}
