"""Reads of the calendar, scoped to what the user may see."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from programmes.enums import EnrolmentStatus
from programmes.models import Enrolment, GroupRun, KeepApartLink
from scheduler.calendar.clashes import Availability, Link, Slot
from scheduler.calendar.enums import SessionStatus
from scheduler.calendar.recurrence import ClosureIndex, TermSpan, bank_holidays, closure_days
from scheduler.models import (
    Closure,
    ClosureKind,
    FacilitatorHours,
    FacilitatorLeave,
    FeedKind,
    FeedToken,
    Room,
    Session,
    Term,
    User,
    Venue,
)
from scheduler.models.accounts import token_digest
from scheduler.platform.permissions import sees_all_sessions
from scheduler.platform.roles import Role


def sessions_visible_to(*, user: User) -> QuerySet[Session]:
    qs = Session.objects.select_related("run__programme", "room__venue", "topic")
    if sees_all_sessions(user):
        return qs
    return qs.filter(run__facilitators=user)


def sessions_between(*, user: User, start: dt.datetime, end: dt.datetime) -> QuerySet[Session]:
    return sessions_visible_to(user=user).filter(starts_at__gte=start, starts_at__lt=end)


def local_day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def sessions_for_user_on(*, user: User, day: dt.date) -> QuerySet[Session]:
    start, end = local_day_bounds(day)
    return sessions_between(user=user, start=start, end=end)


# --- planning: closures and clash inputs ------------------------------------------------------

def closure_index_for(*, venue_id: int | None, calendar_ids: Iterable[int], start: dt.date,
                      end: dt.date, follow_terms: bool) -> ClosureIndex:
    """Bank holidays, organisation and venue closures, and the followed school terms."""
    rows = Closure.objects.filter(starts_on__lte=end, ends_on__gte=start).filter(
        Q(kind=ClosureKind.ORGANISATION) | Q(kind=ClosureKind.VENUE, venue_id=venue_id))
    days = bank_holidays(start, end)
    for day, reason in closure_days([(c.starts_on, c.ends_on, c.reason) for c in rows]).items():
        days.setdefault(day, reason)
    if not follow_terms:
        return ClosureIndex(days=days)
    terms = Term.objects.filter(calendar_id__in=list(calendar_ids))
    return ClosureIndex(days=days, terms=tuple(
        TermSpan(t.name, t.starts_on, t.ends_on, t.half_term_starts_on, t.half_term_ends_on)
        for t in terms))


EXPECTED_STATUSES = (EnrolmentStatus.OFFERED, EnrolmentStatus.ENROLLED, EnrolmentStatus.STARTED)


@dataclass(frozen=True)
class RunFacts:
    """What the clash rules need to know about a run."""

    run_id: int
    capacity: int
    venue_id: int
    facilitator_ids: frozenset[int]
    participant_ids: frozenset[int]


def run_facts(run_ids: Iterable[int]) -> dict[int, RunFacts]:
    ids = set(run_ids)
    facilitators: dict[int, set[int]] = defaultdict(set)
    for run_id, user_id in GroupRun.facilitators.through.objects.filter(
            grouprun_id__in=ids).values_list("grouprun_id", "user_id"):
        facilitators[run_id].add(user_id)
    participants: dict[int, set[int]] = defaultdict(set)
    for run_id, person_id in Enrolment.objects.filter(
            run_id__in=ids, status__in=EXPECTED_STATUSES, left_at__isnull=True
    ).values_list("run_id", "participant_id"):
        participants[run_id].add(person_id)
    return {
        run_id: RunFacts(run_id, capacity, venue_id, frozenset(facilitators[run_id]),
                         frozenset(participants[run_id]))
        for run_id, capacity, venue_id in GroupRun.objects.filter(id__in=ids).values_list(
            "id", "capacity", "venue_id")
    }


def slot_for(*, key: str, facts: RunFacts, starts_at: dt.datetime, ends_at: dt.datetime,
             room: Room | None) -> Slot:
    return Slot(key=key, run_id=facts.run_id, starts_at=starts_at, ends_at=ends_at,
                room_id=room.id if room else None,
                venue_id=room.venue_id if room else facts.venue_id,
                room_capacity=room.capacity if room else None, run_capacity=facts.capacity,
                facilitator_ids=facts.facilitator_ids, participant_ids=facts.participant_ids)


def session_slots(sessions: Iterable[Session]) -> list[Slot]:
    """Slots for saved, non-cancelled sessions (rooms must be select_related)."""
    sessions = [s for s in sessions if s.status != SessionStatus.CANCELLED]
    facts = run_facts({s.run_id for s in sessions})
    return [slot_for(key=f"s{s.id}", facts=facts[s.run_id], starts_at=s.starts_at,
                     ends_at=s.ends_at, room=s.room) for s in sessions]


def live_sessions_between(start: dt.datetime, end: dt.datetime) -> QuerySet[Session]:
    return (Session.objects.exclude(status=SessionStatus.CANCELLED)
            .filter(starts_at__lt=end, ends_at__gt=start).select_related("room"))


def possible_clashers(slots: list[Slot]) -> QuerySet[Session]:
    """Saved sessions that could clash with these slots: around the same time, and at the
    same venue (room, keep-apart) or sharing a facilitator (any venue)."""
    pad = dt.timedelta(minutes=max(60, keep_apart_max_buffer()))
    start, end = min(s.starts_at for s in slots), max(s.ends_at for s in slots)
    venues = {s.venue_id for s in slots if s.venue_id is not None}
    staff = {f for s in slots for f in s.facilitator_ids}
    near = Q(run__venue_id__in=venues) | Q(room__venue_id__in=venues)
    if staff:
        near |= Q(run__in=GroupRun.objects.filter(facilitators__in=staff))
    return live_sessions_between(start - pad, end + pad).filter(near)


def keep_apart_max_buffer() -> int:
    found = KeepApartLink.objects.filter(ended_at__isnull=True).aggregate(
        top=Max("buffer_minutes"))["top"]
    return int(found or 0)


def availability_for(user_ids: Iterable[int]) -> dict[int, Availability]:
    ids = set(user_ids)
    hours: dict[int, dict[int, list[tuple[dt.time, dt.time]]]] = defaultdict(
        lambda: defaultdict(list))
    for h in FacilitatorHours.objects.filter(user_id__in=ids):
        hours[h.user_id][h.weekday].append((h.starts_at, h.ends_at))
    leave: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for lv in FacilitatorLeave.objects.filter(user_id__in=ids):
        leave[lv.user_id].append((lv.starts_on, lv.ends_on))
    return {uid: Availability({d: tuple(s) for d, s in hours[uid].items()}, tuple(leave[uid]))
            for uid in ids}


def active_links(participant_ids: Iterable[int]) -> list[Link]:
    ids = set(participant_ids)
    rows = KeepApartLink.objects.filter(ended_at__isnull=True).filter(
        Q(person_a_id__in=ids) | Q(person_b_id__in=ids))
    return [Link(r.person_a_id, r.person_b_id, r.buffer_minutes, r.id) for r in rows]


def clash_inputs(slots: list[Slot]) -> tuple[dict[int, Availability], list[Link]]:
    people = {p for s in slots for p in s.participant_ids}
    staff = {f for s in slots for f in s.facilitator_ids}
    return availability_for(staff), active_links(people)


# --- API reads -------------------------------------------------------------------------------

def venues_list() -> QuerySet[Venue]:
    return Venue.objects.select_related("locality").prefetch_related("rooms")


def terms_list(*, locality: str | None = None,
               locality_id: int | None = None) -> QuerySet[Term]:
    """Terms with their calendars and localities; of one locality's calendars if one is named
    (case and spacing ignored) or given by id."""
    terms = Term.objects.select_related("calendar__locality")
    if locality is not None:
        terms = terms.filter(calendar__locality__name__iexact=" ".join(locality.split()))
    if locality_id is not None:
        terms = terms.filter(calendar__locality_id=locality_id)
    return terms


@dataclass(frozen=True)
class ClosureRow:
    id: int | None
    kind: str
    venue_id: int | None
    starts_on: dt.date
    ends_on: dt.date
    reason: str


def closures_between(*, start: dt.date, end: dt.date, venue_id: int | None = None
                     ) -> list[ClosureRow]:
    """Stored closures overlapping the range, plus bank holidays (id None), by date."""
    rows = Closure.objects.filter(starts_on__lte=end, ends_on__gte=start)
    if venue_id is not None:
        rows = rows.filter(Q(kind=ClosureKind.ORGANISATION) | Q(venue_id=venue_id))
    found = [ClosureRow(c.id, c.kind, c.venue_id, c.starts_on, c.ends_on, c.reason) for c in rows]
    found += [ClosureRow(None, "bank_holiday", None, day, day, name)
              for day, name in bank_holidays(start, end).items()]
    return sorted(found, key=lambda r: (r.starts_on, r.reason))


def sessions_filtered(*, user: User, start: dt.date | None = None, end: dt.date | None = None,
                      venue_id: int | None = None, facilitator_id: int | None = None,
                      run_id: int | None = None,
                      programme_id: int | None = None) -> QuerySet[Session]:
    """The calendar's session list: what the user may see, narrowed by local dates and ids."""
    qs = sessions_visible_to(user=user).select_related("run__venue")
    if start is not None:
        qs = qs.filter(starts_at__gte=local_day_bounds(start)[0])
    if end is not None:
        qs = qs.filter(starts_at__lt=local_day_bounds(end)[1])
    filters = {"run__venue_id": venue_id, "run__facilitators": facilitator_id,
               "run_id": run_id, "run__programme_id": programme_id}
    return qs.filter(**{k: v for k, v in filters.items() if v is not None}).distinct()


FEED_PAST = dt.timedelta(days=92)
FEED_FUTURE = dt.timedelta(days=400)


def feed_for_token(raw: str) -> FeedToken:
    """The live feed for a presented token (DoesNotExist when unknown or revoked)."""
    return FeedToken.objects.select_related("facilitator", "venue", "run").get(
        digest=token_digest(raw), revoked_at__isnull=True)


def feed_sessions(feed: FeedToken) -> QuerySet[Session]:
    now = timezone.now()
    qs = Session.objects.select_related("run__venue", "room", "topic").filter(
        starts_at__gte=now - FEED_PAST, starts_at__lt=now + FEED_FUTURE)
    if feed.kind == FeedKind.FACILITATOR:
        return qs.filter(run__facilitators=feed.facilitator_id)
    if feed.kind == FeedKind.VENUE:
        return qs.filter(run__venue=feed.venue)
    return qs.filter(run=feed.run)


def feed_title(feed: FeedToken) -> str:
    if feed.kind == FeedKind.FACILITATOR and feed.facilitator:
        return f"Groupwork: {feed.facilitator.display_name}"
    if feed.kind == FeedKind.VENUE and feed.venue:
        return "Groupwork: venue" if feed.venue.is_confidential else f"Groupwork: {feed.venue}"
    return f"Groupwork: {feed.run}"


def feeds_revocable_by(*, user: User) -> QuerySet[FeedToken]:
    """Planners revoke any feed; a facilitator only their own."""
    if sees_all_sessions(user):
        return FeedToken.objects.all()
    return FeedToken.objects.filter(kind=FeedKind.FACILITATOR, facilitator=user)


def facilitators_visible_to(*, user: User) -> QuerySet[User]:
    """Whose availability `user` may read: planners anyone's, a facilitator only their own."""
    users = User.objects.all()
    return users if sees_all_sessions(user) else users.filter(pk=user.pk)


def availability_of(user: User) -> dict[str, list[Any]]:
    """A facilitator's weekly hours and leave, as the API shows them."""
    hours = FacilitatorHours.objects.filter(user=user)
    leave = FacilitatorLeave.objects.filter(user=user)
    return {"hours": list(hours.values("weekday", "starts_at", "ends_at")),
            "leave": list(leave.values("starts_on", "ends_on"))}


# --- the coordinator's desk: what a closure touches, who has availability ----------------

@dataclass(frozen=True)
class DaySpan:
    """A closed span to look up sessions for: organisation-wide when venue_id is None."""
    key: object
    starts_on: dt.date
    ends_on: dt.date
    venue_id: int | None = None


def sessions_hit(spans: Iterable[DaySpan]) -> dict[object, list[Session]]:
    """The scheduled (not cancelled) sessions on each span's days, at its venue when it has
    one; one query for them all."""
    spans = list(spans)
    found: dict[object, list[Session]] = {span.key: [] for span in spans}
    if not spans:
        return found
    start = local_day_bounds(min(s.starts_on for s in spans))[0]
    end = local_day_bounds(max(s.ends_on for s in spans))[1]
    sessions = (Session.objects.exclude(status=SessionStatus.CANCELLED)
                .filter(starts_at__gte=start, starts_at__lt=end)
                .select_related("run", "room").order_by("starts_at", "id"))
    tz = timezone.get_current_timezone()
    for session in sessions:
        day = session.starts_at.astimezone(tz).date()
        venues = {session.run.venue_id, session.room.venue_id if session.room else None}
        for span in spans:
            if span.starts_on <= day <= span.ends_on and (
                    span.venue_id is None or span.venue_id in venues):
                found[span.key].append(session)
    return found


def facilitators_with_availability(*, user: User) -> QuerySet[User]:
    """Facilitators and coordinators (who facilitate too) `user` may see, with counts."""
    return (facilitators_visible_to(user=user)
            .filter(is_active=True, role__in=(Role.FACILITATOR, Role.COORDINATOR))
            .annotate(hours_count=Count("working_hours", distinct=True),
                      leave_count=Count("leave", distinct=True))
            .order_by("last_name", "first_name", "username"))
