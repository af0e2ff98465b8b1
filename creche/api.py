"""Crèche operations over the API (mounted at /api/creche). Crèche staff run the crèche;
coordinators (in CRECHE_STAFF too) book children; planners create crèche sessions."""


import datetime as dt
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from creche import selectors, services
from creche.models import AuthorisedCollector, Child, CrecheBooking, StaffOnDuty
from creche.schemas import (
    BookingIn,
    BookingOut,
    CollectorOut,
    CrecheSessionIn,
    CrecheSessionOut,
    DetailOut,
    DutyOut,
    SignOutIn,
    StaffIn,
    StatusOut,
)
from scheduler.models import Session, User, Venue
from scheduler.platform.auth import allow
from scheduler.platform.errors import ErrorOut
from scheduler.platform.pagination import BoundedPagination
from scheduler.platform.permissions import CRECHE_STAFF, PLANNERS

router = Router(tags=["creche"])
M = TypeVar("M", bound=Model)

ERRORS = {404: DetailOut, 422: ErrorOut}  # unknown id; bad input or a refused action


def _body_ref(model: type[M], pk: int, field: str) -> M:
    """A row named in the request body: unknown is bad input (422), not a missing page."""
    found = model._default_manager.filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: "Not found."})
    return found


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@router.get("/sessions", response={200: list[CrecheSessionOut], 422: ErrorOut},
            auth=allow(*CRECHE_STAFF))
@paginate(BoundedPagination)
def creche_sessions(request: HttpRequest, day: dt.date | None = None) -> QuerySet:
    if day is not None:
        return selectors.creche_sessions_on(day=day)
    return selectors.creche_sessions_list()


@router.post("/sessions", response={201: CrecheSessionOut, 422: ErrorOut}, auth=allow(*PLANNERS))
def creche_session_create(request: HttpRequest, payload: CrecheSessionIn) -> Status:
    creche = services.creche_session_create(
        venue=_body_ref(Venue, payload.venue_id, "venue_id"),
        session=_body_ref(Session, payload.session_id, "session_id") if payload.session_id
        else None,
        starts_at=payload.starts_at, ends_at=payload.ends_at, capacity=payload.capacity,
        min_staff=payload.min_staff)
    return Status(201, selectors.creche_session_get(creche_session_id=creche.pk))


@router.get("/sessions/{creche_session_id}", response={200: CrecheSessionOut, **ERRORS},
            auth=allow(*CRECHE_STAFF))
def creche_session_detail(request: HttpRequest, creche_session_id: int) -> object:
    return selectors.creche_session_get(creche_session_id=creche_session_id)


@router.get("/sessions/{creche_session_id}/bookings", response={200: list[BookingOut], **ERRORS},
            auth=allow(*CRECHE_STAFF))
@paginate(BoundedPagination)
def bookings(request: HttpRequest, creche_session_id: int) -> QuerySet:
    creche = selectors.creche_session_get(creche_session_id=creche_session_id)
    return selectors.bookings_for_session(creche_session=creche)


@router.post("/sessions/{creche_session_id}/bookings", response={201: BookingOut, **ERRORS},
             auth=allow(*CRECHE_STAFF))
def booking_create(request: HttpRequest, creche_session_id: int, payload: BookingIn) -> Status:
    creche = selectors.creche_session_get(creche_session_id=creche_session_id)
    child = _body_ref(Child, payload.child_id, "child_id")
    booking = services.booking_create(creche_session=creche, child=child, by=_user(request))
    return Status(201, selectors.booking_get(booking_id=booking.pk))


@router.get("/sessions/{creche_session_id}/status", response={200: StatusOut, **ERRORS},
            auth=allow(*CRECHE_STAFF))
def creche_status(request: HttpRequest, creche_session_id: int) -> StatusOut:
    creche = selectors.creche_session_get(creche_session_id=creche_session_id)
    return StatusOut.of(creche.pk, selectors.creche_status(creche_session=creche))


@router.get("/sessions/{creche_session_id}/staff", response={200: list[DutyOut], **ERRORS},
            auth=allow(*CRECHE_STAFF))
@paginate(BoundedPagination)
def duties(request: HttpRequest, creche_session_id: int) -> QuerySet:
    creche = selectors.creche_session_get(creche_session_id=creche_session_id)
    return selectors.duties_for_session(creche_session=creche)


def _staff_user(request: HttpRequest, payload: StaffIn) -> User:
    if payload.user_id is None:
        return _user(request)
    return _body_ref(User, payload.user_id, "user_id")


@router.post("/sessions/{creche_session_id}/staff/sign-on", response={201: DutyOut, **ERRORS},
             auth=allow(*CRECHE_STAFF))
def staff_sign_on(request: HttpRequest, creche_session_id: int, payload: StaffIn) -> Status:
    creche = selectors.creche_session_get(creche_session_id=creche_session_id)
    duty = services.staff_sign_on(creche_session=creche, user=_staff_user(request, payload))
    return Status(201, selectors.duty_get(duty_id=duty.pk))


@router.post("/sessions/{creche_session_id}/staff/sign-off",
             response={200: DutyOut, **ERRORS}, auth=allow(*CRECHE_STAFF))
def staff_sign_off(request: HttpRequest, creche_session_id: int, payload: StaffIn) -> StaffOnDuty:
    creche = selectors.creche_session_get(creche_session_id=creche_session_id)
    duty = services.staff_sign_off(creche_session=creche, user=_staff_user(request, payload))
    return selectors.duty_get(duty_id=duty.pk)


@router.get("/bookings/{booking_id}/collectors", response={200: list[CollectorOut], **ERRORS},
            auth=allow(*CRECHE_STAFF))
@paginate(BoundedPagination)
def collectors(request: HttpRequest, booking_id: int) -> QuerySet:
    booking = selectors.booking_get(booking_id=booking_id)
    return AuthorisedCollector.objects.filter(child_id=booking.child_id, is_active=True)


@router.post("/bookings/{booking_id}/sign-in", response={200: BookingOut, **ERRORS},
             auth=allow(*CRECHE_STAFF))
def sign_in(request: HttpRequest, booking_id: int) -> CrecheBooking:
    booking = selectors.booking_get(booking_id=booking_id)
    services.child_sign_in(booking=booking, by=_user(request))
    return selectors.booking_get(booking_id=booking_id)


@router.post("/bookings/{booking_id}/sign-out", response={200: BookingOut, **ERRORS},
             auth=allow(*CRECHE_STAFF))
def sign_out(request: HttpRequest, booking_id: int, payload: SignOutIn) -> CrecheBooking:
    booking = selectors.booking_get(booking_id=booking_id)
    services.child_sign_out(booking=booking, collected_by=payload.collected_by,
                            password=payload.password, by=_user(request))
    return selectors.booking_get(booking_id=booking_id)
