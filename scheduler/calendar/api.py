"""Calendar API: venues, terms, closures, run schedules, sessions and feed tokens.

Each operation parses input, checks the role, and calls one service or selector.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Status
from ninja.pagination import paginate
from recurrence import serialize

from programmes.models import GroupRun
from scheduler.calendar import selectors, services
from scheduler.calendar.schemas import (
    AvailabilityIO,
    ClashOut,
    ClosureIn,
    ClosureOut,
    ClosureUpdateIn,
    Day,
    FeedIn,
    FeedOut,
    FunderOut,
    Id,
    LocalityOut,
    LotOut,
    RoomIn,
    RoomOut,
    RoomUpdateIn,
    ScheduleIn,
    ScheduleOut,
    SchedulePreviewOut,
    SessionDetailOut,
    SessionIn,
    SessionListOut,
    SessionOut,
    SessionPatch,
    TermImportIn,
    TermIn,
    TermOut,
    TermPreviewOut,
    VenueIn,
    VenueOut,
    VenueUpdateIn,
)
from scheduler.models import (
    Closure,
    Funder,
    Locality,
    Lot,
    Room,
    Schedule,
    User,
    Venue,
)
from scheduler.platform.auth import allow
from scheduler.platform.errors import ErrorOut
from scheduler.platform.pagination import BoundedPagination, annotated_pagination
from scheduler.platform.permissions import ALL_STAFF, PLANNERS, REGISTER_TAKERS
from scheduler.platform.references import optional_body_object
from scheduler.platform.requests import AuthedRequest

router = Router(tags=["calendar"])




E422 = {422: ErrorOut}



# --- Venues ----------------------------------------------------------------------------------

@router.get("/venues", response=list[VenueOut], auth=allow(*ALL_STAFF))
@paginate(BoundedPagination)
def venue_list(request: AuthedRequest) -> Any:
    return selectors.venues_list()


@router.get("/venues/{int:venue_id}", response=VenueOut, auth=allow(*ALL_STAFF))
def venue_get(request: AuthedRequest, venue_id: int) -> Any:
    return get_object_or_404(selectors.venues_list(), pk=venue_id)


@router.post("/venues", response={201: VenueOut, **E422}, auth=allow(*PLANNERS))
def venue_create(request: AuthedRequest, payload: VenueIn) -> Any:
    venue = services.venue_create(**payload.dict())
    return Status(201, selectors.venues_list().get(pk=venue.pk))


@router.post("/venues/{int:venue_id}/rooms", response={201: RoomOut, **E422},
             auth=allow(*PLANNERS))
def room_create(request: AuthedRequest, venue_id: int, payload: RoomIn) -> Any:
    venue = get_object_or_404(Venue, pk=venue_id)
    return Status(201, services.room_create(venue=venue, **payload.dict()))


@router.put("/venues/{int:venue_id}", response={200: VenueOut, **E422}, auth=allow(*PLANNERS))
def venue_update(request: AuthedRequest, venue_id: int, payload: VenueUpdateIn) -> Any:
    """Replace a venue's details (rooms have their own operations). With `version`, refused if
    the venue changed since it was read."""
    venue = get_object_or_404(Venue, pk=venue_id)
    data = payload.dict()
    services.venue_update(venue=venue, expected_version=data.pop("version"), **data)
    return selectors.venues_list().get(pk=venue.pk)


@router.put("/rooms/{int:room_id}", response={200: RoomOut, **E422}, auth=allow(*PLANNERS))
def room_update(request: AuthedRequest, room_id: int, payload: RoomUpdateIn) -> Any:
    room = get_object_or_404(Room, pk=room_id)
    return services.room_update(room=room, name=payload.name, capacity=payload.capacity,
                                expected_version=payload.version)


# --- Reference lists the return is cut by -----------------------------------------------------

@router.get("/localities", response=list[LocalityOut], auth=allow(*ALL_STAFF))
@paginate(BoundedPagination)
def locality_list(request: AuthedRequest) -> Any:
    """The provider's localities (venues, term calendars and participants pick one, by id or
    name; unmatched ones, carried over from free text, are listed last and not picked)."""
    return Locality.objects.order_by("unmatched", "name")


@router.get("/lots", response=list[LotOut], auth=allow(*ALL_STAFF))
@paginate(BoundedPagination)
def lot_list(request: AuthedRequest) -> Any:
    return Lot.objects.order_by("name")


@router.get("/funders", response=list[FunderOut], auth=allow(*ALL_STAFF))
@paginate(BoundedPagination)
def funder_list(request: AuthedRequest) -> Any:
    return Funder.objects.order_by("name")


# --- Terms and closures ----------------------------------------------------------------------

@router.get("/terms", response=list[TermOut], auth=allow(*ALL_STAFF))
@paginate(BoundedPagination)
def term_list(request: AuthedRequest, locality: str | None = None,
              locality_id: Id | None = None) -> Any:
    """Terms of every calendar, or of the calendars of one locality (by name or id)."""
    return selectors.terms_list(locality=locality, locality_id=locality_id)


@router.post("/terms", response={201: TermOut, **E422}, auth=allow(*PLANNERS))
def term_create(request: AuthedRequest, payload: TermIn) -> Any:
    term = services.term_create(**payload.dict())
    return Status(201, selectors.terms_list().get(pk=term.pk))


@router.post("/terms/import", response={201: list[TermOut], **E422}, auth=allow(*PLANNERS))
def term_import(request: AuthedRequest, payload: TermImportIn) -> Any:
    terms = services.terms_import(**payload.dict())
    return Status(201, list(selectors.terms_list().filter(pk__in=[t.pk for t in terms])))


@router.post("/terms/import/preview", response={200: list[TermPreviewOut], **E422},
             auth=allow(*PLANNERS))
def term_import_preview(request: AuthedRequest, payload: TermImportIn) -> Any:
    """What the import would create, checked as the import checks it; nothing is saved."""
    return services.terms_import_preview(**payload.dict())


@router.get("/closures", response={200: list[ClosureOut], **E422}, auth=allow(*ALL_STAFF))
@paginate(BoundedPagination)
def closure_list(request: AuthedRequest, start: Day, end: Day, venue_id: Id | None = None) -> Any:
    if end < start or (end - start).days > 731:
        raise ValidationError({"end": "Give an end after the start, at most two years on"})
    return selectors.closures_between(start=start, end=end, venue_id=venue_id)


@router.post("/closures", response={201: ClosureOut, **E422}, auth=allow(*PLANNERS))
def closure_create(request: AuthedRequest, payload: ClosureIn) -> Any:
    venue = optional_body_object(Venue, payload.venue_id, "venue_id")
    closure = services.closure_create(kind=payload.kind, venue=venue, reason=payload.reason,
                                      starts_on=payload.starts_on, ends_on=payload.ends_on)
    return Status(201, closure)


@router.put("/closures/{int:closure_id}", response={200: ClosureOut, **E422},
            auth=allow(*PLANNERS))
def closure_update(request: AuthedRequest, closure_id: int, payload: ClosureUpdateIn) -> Any:
    closure = get_object_or_404(Closure, pk=closure_id)
    venue = optional_body_object(Venue, payload.venue_id, "venue_id")
    return services.closure_update(closure=closure, kind=payload.kind, venue=venue,
                                   reason=payload.reason, starts_on=payload.starts_on,
                                   ends_on=payload.ends_on, expected_version=payload.version)


@router.delete("/closures/{int:closure_id}", response={204: None}, auth=allow(*PLANNERS))
def closure_delete(request: AuthedRequest, closure_id: int) -> Any:
    services.closure_delete(closure=get_object_or_404(Closure, pk=closure_id))
    return Status(204, None)


# --- Run schedules ---------------------------------------------------------------------------

def _rule(payload: ScheduleIn) -> str:
    return services.schedule_rule(rule=payload.rule, weekdays=payload.weekdays,
                                  every_weeks=payload.every_weeks)


@router.get("/runs/{int:run_id}/schedule", response=ScheduleOut, auth=allow(*PLANNERS))
def schedule_get(request: AuthedRequest, run_id: int) -> Any:
    schedule = get_object_or_404(Schedule, run_id=run_id)
    return {"run_id": run_id, "rule": serialize(schedule.rule), "start_date": schedule.start_date,
            "start_time": schedule.start_time, "duration_minutes": schedule.duration_minutes,
            "target_sessions": schedule.target_sessions,
            "calendar_ids": list(schedule.calendars.values_list("id", flat=True))}


@router.post("/runs/{int:run_id}/schedule", response={200: SchedulePreviewOut, **E422},
             auth=allow(*PLANNERS))
def schedule_preview(request: AuthedRequest, run_id: int, payload: ScheduleIn) -> Any:
    """A preview: the dates, every skipped date with its reason, every clash. Saves nothing."""
    run = get_object_or_404(GroupRun.objects.select_related("room"), pk=run_id)
    preview = services.schedule_preview(
        run=run, rule=_rule(payload), start_date=payload.start_date,
        start_time=payload.start_time, duration_minutes=payload.duration_minutes,
        target_sessions=payload.target_sessions, calendars=payload.calendar_ids)
    return {"sessions": [{"number": n, "starts_at": s, "ends_at": s + preview.duration}
                         for n, s in enumerate(preview.plan.starts, start=1)],
            "skipped": [{"date": s.day, "reason": s.reason} for s in preview.plan.skipped],
            "clashes": preview.clashes}


@router.put("/runs/{int:run_id}/schedule", response={200: list[SessionOut], **E422},
            auth=allow(*PLANNERS))
def schedule_apply(request: AuthedRequest, run_id: int, payload: ScheduleIn) -> Any:
    run = get_object_or_404(GroupRun.objects.select_related("room"), pk=run_id)
    services.schedule_apply(
        run=run, rule=_rule(payload), start_date=payload.start_date,
        start_time=payload.start_time, duration_minutes=payload.duration_minutes,
        target_sessions=payload.target_sessions, calendars=payload.calendar_ids,
        by=request.user)
    return selectors.sessions_filtered(user=request.user, run_id=run.pk)


# --- Sessions --------------------------------------------------------------------------------

def _with_clash_summaries(sessions: list[Any]) -> None:
    summaries = services.clash_summaries(sessions)
    for session in sessions:
        session.clash_summary = summaries.get(session.pk, services.ClashSummary())


@router.get("/sessions", response=list[SessionListOut], auth=allow(*ALL_STAFF))
@paginate(annotated_pagination(_with_clash_summaries))
def session_list(request: AuthedRequest, start: Day | None = None, end: Day | None = None,
                 venue_id: Id | None = None, facilitator_id: Id | None = None,
                 run_id: Id | None = None, programme_id: Id | None = None) -> Any:
    return selectors.sessions_filtered(
        user=request.user, start=start, end=end, venue_id=venue_id,
        facilitator_id=facilitator_id, run_id=run_id, programme_id=programme_id)


@router.get("/sessions/{int:session_id}", response=SessionDetailOut, auth=allow(*ALL_STAFF))
def session_get(request: AuthedRequest, session_id: int) -> SessionDetailOut:
    session = get_object_or_404(selectors.sessions_filtered(user=request.user), pk=session_id)
    out = SessionDetailOut.from_orm(session)
    out.clashes = [ClashOut.from_orm(c) for c in
                   services.session_clashes_seen_by(session=session, viewer=request.user)]
    return out


@router.patch("/sessions/{int:session_id}", response={200: SessionOut, **E422},
              auth=allow(*PLANNERS))
def session_patch(request: AuthedRequest, session_id: int, payload: SessionPatch) -> Any:
    session = get_object_or_404(selectors.sessions_filtered(user=request.user), pk=session_id)
    if payload.action == "cancel":
        services.session_cancel(session=session, reason=payload.reason, by=request.user)
    else:
        if payload.starts_at is None or payload.ends_at is None:
            raise ValidationError({"starts_at": "A move needs starts_at and ends_at"})
        services.session_move(session=session, starts_at=payload.starts_at,
                              ends_at=payload.ends_at, reason=payload.reason,
                              room=optional_body_object(Room, payload.room_id, "room_id"),
                              by=request.user)
    return selectors.sessions_filtered(user=request.user).get(pk=session.pk)


@router.post("/runs/{int:run_id}/sessions", response={201: SessionOut, **E422},
             auth=allow(*PLANNERS))
def session_add(request: AuthedRequest, run_id: int, payload: SessionIn) -> Any:
    run = get_object_or_404(GroupRun.objects.select_related("room"), pk=run_id)
    session = services.session_add(
        run=run, kind=payload.kind, starts_at=payload.starts_at, ends_at=payload.ends_at,
        room=optional_body_object(Room, payload.room_id, "room_id"), reason=payload.reason,
        by=request.user)
    return Status(201, selectors.sessions_filtered(user=request.user).get(pk=session.pk))


# --- Feed tokens -----------------------------------------------------------------------------

@router.post("/feeds", response={201: FeedOut, **E422}, auth=allow(*REGISTER_TAKERS))
def feed_create(request: AuthedRequest, payload: FeedIn) -> Any:
    """Planners issue any feed; a facilitator only their own."""
    token, raw = services.feed_issue(kind=payload.kind, subject_id=payload.subject_id,
                                     by=request.user)
    url = settings.PUBLIC_BASE_URL + reverse("calendar:feed", args=[raw])
    return Status(201, {"id": token.pk, "kind": token.kind, "prefix": token.prefix, "url": url})


@router.delete("/feeds/{int:feed_id}", response={204: None}, auth=allow(*REGISTER_TAKERS))
def feed_revoke(request: AuthedRequest, feed_id: int) -> Any:
    feeds = selectors.feeds_revocable_by(user=request.user)
    services.feed_revoke(token=get_object_or_404(feeds, pk=feed_id))
    return Status(204, None)


# --- Facilitator availability ---------------------------------------------------------------

@router.get("/facilitators/{int:user_id}/availability", response=AvailabilityIO,
            auth=allow(*REGISTER_TAKERS))
def availability_get(request: AuthedRequest, user_id: int) -> Any:
    """Planners read anyone's; a facilitator only their own (others: 404)."""
    users = selectors.facilitators_visible_to(user=request.user)
    return selectors.availability_of(get_object_or_404(users, pk=user_id))


@router.put("/facilitators/{int:user_id}/availability", response={200: AvailabilityIO, **E422},
            auth=allow(*PLANNERS))
def availability_put(request: AuthedRequest, user_id: int, payload: AvailabilityIO) -> Any:
    user = get_object_or_404(User, pk=user_id)
    services.availability_set(
        user=user,
        hours=[services.WorkingHours(h.weekday, h.starts_at, h.ends_at) for h in payload.hours],
        leave=[services.LeaveSpan(lv.starts_on, lv.ends_on) for lv in payload.leave])
    return selectors.availability_of(user)
