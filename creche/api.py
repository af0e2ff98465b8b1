"""Crèche operations over the API (mounted at /api/creche). Crèche staff run the crèche;
coordinators (in CRECHE_STAFF too) book children; planners create crèche sessions."""


import datetime as dt
from typing import TypeVar

from django.db.models import Model, QuerySet
from ninja import Router, Status
from ninja.pagination import paginate

from creche import selectors, services
from creche.models import AuthorisedCollector, Child, CollectionIncident, CrecheBooking, StaffOnDuty
from creche.schemas import (
    BookingIn,
    BookingOut,
    ChildDetailOut,
    ChildIn,
    ChildOut,
    CollectorIn,
    CollectorOut,
    CrecheSessionIn,
    CrecheSessionOut,
    DetailOut,
    DutyOut,
    IncidentOut,
    LateSignInIn,
    NeverCollectIn,
    NeverCollectOut,
    SignOutIn,
    StaffIn,
    StatusOut,
)
from programmes.models import Participant
from scheduler.models import Session, User, Venue
from scheduler.platform.audit import audited
from scheduler.platform.auth import allow
from scheduler.platform.errors import ErrorOut
from scheduler.platform.pagination import BoundedPagination
from scheduler.platform.permissions import CRECHE_STAFF, PLANNERS
from scheduler.platform.references import body_object
from scheduler.platform.requests import AuthedRequest

router = Router(tags=["creche"])
M = TypeVar("M", bound=Model)

ERRORS = {404: DetailOut, 422: ErrorOut}  # unknown id; bad input or a refused action



@router.get("/sessions", response={200: list[CrecheSessionOut], 422: ErrorOut},
            auth=allow(*CRECHE_STAFF))
@paginate(BoundedPagination)
def creche_sessions(request: AuthedRequest, day: dt.date | None = None) -> QuerySet:
    if day is not None:
        return selectors.creche_sessions_on(day=day)
    return selectors.creche_sessions_list()


@router.post("/sessions", response={201: CrecheSessionOut, 422: ErrorOut}, auth=allow(*PLANNERS))
def creche_session_create(request: AuthedRequest, payload: CrecheSessionIn) -> Status:
    creche = services.creche_session_create(
        venue=body_object(Venue, payload.venue_id, "venue_id"),
        session=body_object(Session, payload.session_id, "session_id") if payload.session_id
        else None,
        starts_at=payload.starts_at, ends_at=payload.ends_at, capacity=payload.capacity,
        min_staff=payload.min_staff, min_age_months=payload.min_age_months)
    return Status(201, selectors.creche_session_get(creche_session_id=creche.pk))


@router.get("/sessions/{int:creche_session_id}", response={200: CrecheSessionOut, **ERRORS},
            auth=allow(*CRECHE_STAFF))
def creche_session_detail(request: AuthedRequest, creche_session_id: int) -> object:
    return selectors.creche_session_get(creche_session_id=creche_session_id)


@router.get("/sessions/{int:creche_session_id}/bookings",
            response={200: list[BookingOut], **ERRORS},
            auth=allow(*CRECHE_STAFF))
@paginate(BoundedPagination)
@audited("list", "creche_booking", "creche_session_id")
def bookings(request: AuthedRequest, creche_session_id: int) -> QuerySet:
    creche = selectors.creche_session_get(creche_session_id=creche_session_id)
    return selectors.bookings_for_session(creche_session=creche)


@router.post("/sessions/{int:creche_session_id}/bookings", response={201: BookingOut, **ERRORS},
             auth=allow(*CRECHE_STAFF))
def booking_create(request: AuthedRequest, creche_session_id: int, payload: BookingIn) -> Status:
    creche = selectors.creche_session_get(creche_session_id=creche_session_id)
    child = body_object(Child, payload.child_id, "child_id")
    booking = services.booking_create(creche_session=creche, child=child, by=request.user)
    return Status(201, selectors.booking_get(booking_id=booking.pk))


@router.get("/sessions/{int:creche_session_id}/status", response={200: StatusOut, **ERRORS},
            auth=allow(*CRECHE_STAFF))
def creche_status(request: AuthedRequest, creche_session_id: int) -> StatusOut:
    creche = selectors.creche_session_get(creche_session_id=creche_session_id)
    return StatusOut.of(creche.pk, selectors.creche_status(creche_session=creche))


@router.get("/sessions/{int:creche_session_id}/staff", response={200: list[DutyOut], **ERRORS},
            auth=allow(*CRECHE_STAFF))
@paginate(BoundedPagination)
def duties(request: AuthedRequest, creche_session_id: int) -> QuerySet:
    creche = selectors.creche_session_get(creche_session_id=creche_session_id)
    return selectors.duties_for_session(creche_session=creche)


def _staff_user(request: AuthedRequest, payload: StaffIn) -> User:
    if payload.user_id is None:
        return request.user
    return body_object(User, payload.user_id, "user_id")


@router.post("/sessions/{int:creche_session_id}/staff/sign-on", response={201: DutyOut, **ERRORS},
             auth=allow(*CRECHE_STAFF))
def staff_sign_on(request: AuthedRequest, creche_session_id: int, payload: StaffIn) -> Status:
    creche = selectors.creche_session_get(creche_session_id=creche_session_id)
    duty = services.staff_sign_on(creche_session=creche, user=_staff_user(request, payload))
    return Status(201, selectors.duty_get(duty_id=duty.pk))


@router.post("/sessions/{int:creche_session_id}/staff/sign-off",
             response={200: DutyOut, **ERRORS}, auth=allow(*CRECHE_STAFF))
def staff_sign_off(request: AuthedRequest, creche_session_id: int, payload: StaffIn) -> StaffOnDuty:
    creche = selectors.creche_session_get(creche_session_id=creche_session_id)
    duty = services.staff_sign_off(creche_session=creche, user=_staff_user(request, payload))
    return selectors.duty_get(duty_id=duty.pk)


@router.get("/bookings/{int:booking_id}/collectors", response={200: list[CollectorOut], **ERRORS},
            auth=allow(*CRECHE_STAFF))
@paginate(BoundedPagination)
@audited("read", "child_collectors", "booking_id")
def collectors(request: AuthedRequest, booking_id: int) -> QuerySet:
    booking = selectors.booking_get(booking_id=booking_id)
    return AuthorisedCollector.objects.filter(child_id=booking.child_id, is_active=True)


@router.post("/bookings/{int:booking_id}/sign-in", response={200: BookingOut, **ERRORS},
             auth=allow(*CRECHE_STAFF))
def sign_in(request: AuthedRequest, booking_id: int) -> CrecheBooking:
    booking = selectors.booking_get(booking_id=booking_id)
    services.child_sign_in(booking=booking, by=request.user)
    return selectors.booking_get(booking_id=booking_id)


@router.post("/bookings/{int:booking_id}/sign-out", response={200: BookingOut, **ERRORS},
             auth=allow(*CRECHE_STAFF))
def sign_out(request: AuthedRequest, booking_id: int, payload: SignOutIn) -> CrecheBooking:
    booking = selectors.booking_get(booking_id=booking_id)
    services.child_sign_out(booking=booking, collected_by=payload.collected_by,
                            password=payload.password, by=request.user, at=payload.at,
                            reason=payload.reason)
    return selectors.booking_get(booking_id=booking_id)


@router.post("/bookings/{int:booking_id}/record-sign-in", response={200: BookingOut, **ERRORS},
             auth=allow(*CRECHE_STAFF))
def record_sign_in(request: AuthedRequest, booking_id: int, payload: LateSignInIn) -> CrecheBooking:
    """A sign-in recorded after the fact, with the reason it was not recorded at the time."""
    booking = selectors.booking_get(booking_id=booking_id)
    services.child_sign_in(booking=booking, by=request.user, at=payload.at,
                           reason=payload.reason)
    return selectors.booking_get(booking_id=booking_id)


@router.post("/bookings/{int:booking_id}/cancel", response={204: None, **ERRORS},
             auth=allow(*CRECHE_STAFF))
def booking_cancel(request: AuthedRequest, booking_id: int) -> Status:
    services.booking_cancel(booking=selectors.booking_get(booking_id=booking_id))
    return Status(204, None)


# --- children, collectors, never-collect (crèche staff and coordinators only) ----------------

@router.get("/parents/{int:participant_id}/children", response={200: list[ChildOut], **ERRORS},
            auth=allow(*CRECHE_STAFF))
@paginate(BoundedPagination)
@audited("list", "child", "participant_id")
def children_of(request: AuthedRequest, participant_id: int) -> QuerySet:
    parent = selectors.participant_get(participant_id=participant_id)
    return selectors.children_of(parent=parent)


@router.post("/parents/{int:participant_id}/children", response={201: ChildDetailOut, **ERRORS},
             auth=allow(*CRECHE_STAFF))
def child_create(request: AuthedRequest, participant_id: int, payload: ChildIn) -> Status:
    parent = selectors.participant_get(participant_id=participant_id)
    child = services.child_create(parent=parent, **payload.dict())
    return Status(201, selectors.child_get(child_id=child.pk))


@router.get("/children/{int:child_id}", response={200: ChildDetailOut, **ERRORS},
            auth=allow(*CRECHE_STAFF))
@audited("read", "child", "child_id")
def child_detail(request: AuthedRequest, child_id: int) -> Child:
    return selectors.child_get(child_id=child_id)


@router.put("/children/{int:child_id}", response={200: ChildDetailOut, **ERRORS},
            auth=allow(*CRECHE_STAFF))
def child_update(request: AuthedRequest, child_id: int, payload: ChildIn) -> Child:
    services.child_update(child=selectors.child_get(child_id=child_id), **payload.dict())
    return selectors.child_get(child_id=child_id)


@router.post("/children/{int:child_id}/collectors", response={201: CollectorOut, **ERRORS},
             auth=allow(*CRECHE_STAFF))
def collector_add(request: AuthedRequest, child_id: int, payload: CollectorIn) -> Status:
    child = selectors.child_get(child_id=child_id)
    return Status(201, services.collector_add(child=child, **payload.dict()))


@router.post("/collectors/{int:collector_id}/remove", response={204: None, **ERRORS},
             auth=allow(*CRECHE_STAFF))
def collector_remove(request: AuthedRequest, collector_id: int) -> Status:
    services.collector_remove(collector=selectors.collector_get(collector_id=collector_id))
    return Status(204, None)


@router.post("/children/{int:child_id}/never-collect", response={201: NeverCollectOut, **ERRORS},
             auth=allow(*CRECHE_STAFF))
def never_collect_add(request: AuthedRequest, child_id: int, payload: NeverCollectIn) -> Status:
    child = selectors.child_get(child_id=child_id)
    participant = (body_object(Participant, payload.participant_id, "participant_id")
                   if payload.participant_id else None)
    return Status(201, services.never_collect_add(
        child=child, name=payload.name, description=payload.description,
        participant=participant))


# --- refused collections (the coordinator's alert) -------------------------------------------

@router.get("/incidents", response={200: list[IncidentOut], 422: ErrorOut},
            auth=allow(*CRECHE_STAFF))
@paginate(BoundedPagination)
def incidents(request: AuthedRequest, unacknowledged: bool = False) -> QuerySet:
    found = selectors.incidents_list()
    return found.filter(acknowledged_at__isnull=True) if unacknowledged else found


@router.post("/incidents/{int:incident_id}/acknowledge", response={200: IncidentOut, **ERRORS},
             auth=allow(*PLANNERS))
def incident_acknowledge(request: AuthedRequest, incident_id: int) -> CollectionIncident:
    incident = selectors.incident_get(incident_id=incident_id)
    services.incident_acknowledge(incident=incident, by=request.user)
    return selectors.incident_get(incident_id=incident_id)
