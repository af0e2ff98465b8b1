"""Reads for the crèche: sessions, bookings, who is present, ratio status and hours."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Model, Prefetch, Q, QuerySet
from django.utils import timezone

from creche.models import (
    Attendance,
    AuthorisedCollector,
    Child,
    CollectionIncident,
    CrecheBooking,
    CrecheSession,
    StaffOnDuty,
)
from creche.ratios import RatioStatus, StaffMember, creche_hours, over_daily_limit, ratio_status
from programmes.models import Enrolment, GroupRun, KeepApartLink, Participant
from scheduler.calendar.enums import SessionStatus
from scheduler.calendar.selectors import local_day_bounds

MAX_ID = 2**63 - 1  # a larger id cannot exist; never pass it to the database (it overflows)


def _checked_id(pk: int, model: type[Model]) -> int:
    if not 1 <= pk <= MAX_ID:
        raise model.DoesNotExist  # type: ignore[attr-defined]  # every concrete model has one
    return pk


def creche_sessions_list() -> QuerySet[CrecheSession]:
    return (CrecheSession.objects.select_related("venue", "session")
            .annotate(booked=Count("bookings", distinct=True)))


def creche_sessions_on(*, day: dt.date) -> QuerySet[CrecheSession]:
    start, end = local_day_bounds(day)
    return creche_sessions_list().filter(starts_at__gte=start, starts_at__lt=end)


def creche_session_get(*, creche_session_id: int) -> CrecheSession:
    """Raises CrecheSession.DoesNotExist (the API answers 404)."""
    return creche_sessions_list().get(pk=_checked_id(creche_session_id, CrecheSession))


def bookings_for_session(*, creche_session: CrecheSession) -> QuerySet[CrecheBooking]:
    return (CrecheBooking.objects.filter(creche_session=creche_session)
            .select_related("creche_session", "child").prefetch_related("attendances")
            .order_by("child__known_as", "id"))


def booking_get(*, booking_id: int) -> CrecheBooking:
    """Raises CrecheBooking.DoesNotExist (the API answers 404)."""
    return (CrecheBooking.objects.select_related("creche_session", "child")
            .prefetch_related("attendances").get(pk=_checked_id(booking_id, CrecheBooking)))


def duties_for_session(*, creche_session: CrecheSession) -> QuerySet[StaffOnDuty]:
    """Everyone who has been on duty, in order of signing on (the staff record of the day)."""
    return (StaffOnDuty.objects.filter(creche_session=creche_session)
            .select_related("creche_session", "user__creche_qualification"))


def duty_get(*, duty_id: int) -> StaffOnDuty:
    return (StaffOnDuty.objects.select_related("creche_session", "user__creche_qualification")
            .get(pk=duty_id))


def staff_on_duty(*, creche_session: CrecheSession) -> QuerySet[StaffOnDuty]:
    return (StaffOnDuty.objects.filter(creche_session=creche_session, signed_off_at__isnull=True)
            .select_related("creche_session", "user__creche_qualification"))


def present_attendances(*, creche_session: CrecheSession) -> QuerySet[Attendance]:
    return (Attendance.objects.filter(booking__creche_session=creche_session,
                                      signed_out_at__isnull=True)
            .select_related("booking__child"))


def staff_member(duty: StaffOnDuty) -> StaffMember:
    qualification = getattr(duty.user, "creche_qualification", None)
    if qualification is None:
        return StaffMember()
    return StaffMember(first_aid_expires=qualification.paediatric_first_aid_expires,
                       level_6_qualified=qualification.level_6_qualified)


@dataclass(frozen=True)
class CrecheStatus:
    ratio: RatioStatus
    over_two_hours: list[int]  # booking ids of children past the Ofsted 2-hour threshold

    @property
    def warnings(self) -> list[str]:
        flagged = [f"{len(self.over_two_hours)} child(ren) signed in for more than 2 hours today "
                   "(Ofsted registration threshold)."] if self.over_two_hours else []
        return [*self.ratio.warnings, *flagged]


def creche_status(*, creche_session: CrecheSession, now: dt.datetime | None = None,
                  ) -> CrecheStatus:
    """Children and staff present now, the staff they need, first aid and the 2-hour flag."""
    now = now or timezone.now()
    day = timezone.localdate(creche_session.starts_at)
    present = list(present_attendances(creche_session=creche_session))
    staff = [staff_member(d) for d in staff_on_duty(creche_session=creche_session)]
    ratio = ratio_status(children=[a.booking.child.date_of_birth for a in present], staff=staff,
                         on=day, min_staff=creche_session.min_staff)
    return CrecheStatus(ratio=ratio, over_two_hours=_over_two_hours(present, day, now))


def _over_two_hours(present: list[Attendance], day: dt.date, now: dt.datetime) -> list[int]:
    """Present children whose total time in any crèche today passes 2 hours."""
    start, end = local_day_bounds(day)
    child_ids = {a.booking.child_id: a.booking_id for a in present}
    visits: dict[int, list[tuple[dt.datetime, dt.datetime | None]]] = {}
    rows = Attendance.objects.filter(booking__child_id__in=child_ids, signed_in_at__lt=end) \
        .filter(Q(signed_out_at__isnull=True) | Q(signed_out_at__gt=start)) \
        .values_list("booking__child_id", "signed_in_at", "signed_out_at")
    for child_id, signed_in, signed_out in rows:
        visits.setdefault(child_id, []).append((signed_in, signed_out))
    return sorted(child_ids[c] for c, v in visits.items()
                  if over_daily_limit(v, day_start=start, day_end=end, now=now))


def never_collect_names(*, child: Child) -> list[str]:
    """Names that must never collect: recorded entries, their linked participants, and the
    other party of any live keep-apart link of the child's parent."""
    names = []
    for entry in child.never_collect.select_related("participant__identity"):
        names.append(entry.name)
        if entry.participant is not None:
            names.extend(participant_names(entry.participant))
    for link in KeepApartLink.objects.filter(
            Q(person_a_id=child.parent_id) | Q(person_b_id=child.parent_id),
            ended_at__isnull=True).select_related("person_a__identity", "person_b__identity"):
        other = link.person_b if link.person_a_id == child.parent_id else link.person_a
        names.extend(participant_names(other))
    return [n for n in names if n]


def participant_names(participant: Participant) -> list[str]:
    identity = getattr(participant, "identity", None)
    return [participant.known_as, identity.legal_name if identity else ""]


def creche_hours_between(start: dt.datetime, end: dt.datetime,
                         where: Q | None = None) -> dict[str, float | int]:
    """Crèche opening hours and child-hours inside [start, end) for quarterly returns.

    Sessions whose group session was cancelled are not counted; a child never signed out
    counts until the crèche session's end. Two queries, however many rows.
    """
    sessions = (CrecheSession.objects.filter(where or Q(), starts_at__lt=end, ends_at__gt=start)
                .exclude(session__status=SessionStatus.CANCELLED))
    stays = (Attendance.objects.filter(booking__creche_session__in=sessions)
             .values_list("booking__child_id", "signed_in_at", "signed_out_at",
                          "booking__creche_session__ends_at"))
    return creche_hours(
        openings=sessions.values_list("starts_at", "ends_at"),
        stays=((child, arrived, left or max(closes, arrived)) for child, arrived, left, closes
               in stays),
        start=start, end=end).as_dict()


# --- children and who may collect them (crèche staff and coordinators only) ------------------

def children_of(*, parent: Participant) -> QuerySet[Child]:
    return Child.objects.filter(parent=parent).order_by("known_as", "id")


def children_list(*, search: str = "") -> QuerySet[Child]:
    """Every child, with the parent, searchable by the child's or parent's name or reference."""
    found = Child.objects.select_related("parent").order_by("known_as", "id")
    if search.strip():
        term = search.strip()
        found = found.filter(Q(known_as__icontains=term) | Q(reference__iexact=term)
                             | Q(parent__known_as__icontains=term)
                             | Q(parent__reference__iexact=term))
    return found


def child_get(*, child_id: int) -> Child:
    """Raises Child.DoesNotExist; collectors (active) and never-collect entries prefetched."""
    return (Child.objects.select_related("parent")
            .prefetch_related(_active_collectors(), "never_collect__participant")
            .get(pk=_checked_id(child_id, Child)))


def _active_collectors() -> Prefetch:
    return Prefetch("authorised_collectors",
                    queryset=AuthorisedCollector.objects.filter(is_active=True))


def parents_search(*, search: str) -> QuerySet[Participant]:
    """Participants a child can be added to, by reference or known-as name."""
    term = search.strip()
    if not term:
        return Participant.objects.none()
    return (Participant.objects.filter(Q(reference__iexact=term) | Q(known_as__icontains=term))
            .order_by("known_as", "id"))


def participant_get(*, participant_id: int) -> Participant:
    return Participant.objects.get(pk=_checked_id(participant_id, Participant))


def keep_apart_parties(*, parent: Participant) -> QuerySet[Participant]:
    """The other party of each live keep-apart link of the parent (never-collect candidates)."""
    links = KeepApartLink.objects.filter(Q(person_a=parent) | Q(person_b=parent),
                                         ended_at__isnull=True)
    ids = {pk for pair in links.values_list("person_a_id", "person_b_id") for pk in pair}
    return Participant.objects.filter(pk__in=ids - {parent.pk}).order_by("reference")


def collector_get(*, collector_id: int) -> AuthorisedCollector:
    return AuthorisedCollector.objects.get(pk=_checked_id(collector_id, AuthorisedCollector),
                                           is_active=True)


# --- on the day ---------------------------------------------------------------------------------

def tablet_bookings(*, creche_session: CrecheSession) -> list[CrecheBooking]:
    """Bookings with each child's visits, active collectors and never-collect entries: what the
    tablet shows before sign-out, in a fixed number of queries."""
    return list(bookings_for_session(creche_session=creche_session).prefetch_related(
        Prefetch("child__authorised_collectors",
                 queryset=AuthorisedCollector.objects.filter(is_active=True)),
        "child__never_collect"))


# --- incidents: the coordinator's alert -------------------------------------------------------

def incidents_list() -> QuerySet[CollectionIncident]:
    return (CollectionIncident.objects
            .select_related("creche_session__venue", "child", "recorded_by", "acknowledged_by")
            .prefetch_related("staff_on_duty"))


def incident_get(*, incident_id: int) -> CollectionIncident:
    return incidents_list().get(pk=_checked_id(incident_id, CollectionIncident))


def incidents_unacknowledged_count() -> int:
    """How many refused collections no coordinator has acknowledged yet (the alert badge)."""
    return CollectionIncident.objects.filter(acknowledged_at__isnull=True).count()


# --- one booking for parent and child ------------------------------------------------------

def runs_with_creche() -> QuerySet[GroupRun]:
    """Runs with at least one upcoming crèche beside their sessions."""
    ids = (CrecheSession.objects.filter(ends_at__gt=timezone.now(), session__isnull=False)
           .values("session__run_id"))
    return GroupRun.objects.filter(pk__in=ids).select_related("programme").order_by("name")


def enrolments_with_creche(*, parent: Participant) -> QuerySet[Enrolment]:
    return (Enrolment.objects.filter(participant=parent, run__in=runs_with_creche())
            .select_related("run").order_by("-joined_at"))


def enrolment_get(*, enrolment_id: int) -> Enrolment:
    return (Enrolment.objects.select_related("run", "participant")
            .get(pk=_checked_id(enrolment_id, Enrolment)))


@dataclass(frozen=True)
class PlaceLine:
    child: str
    starts_at: dt.datetime
    booked: bool


def places_for_enrolment(*, enrolment: Enrolment) -> list[PlaceLine]:
    """Each requested child × each upcoming crèche beside the run: booked or not. Three
    queries however many dates."""
    children = list(Child.objects.filter(place_requests__enrolment=enrolment))
    creches = list(CrecheSession.objects.filter(session__run_id=enrolment.run_id,
                                                ends_at__gt=timezone.now()))
    booked = set(CrecheBooking.objects.filter(creche_session__in=creches, child__in=children)
                 .values_list("creche_session_id", "child_id"))
    return [PlaceLine(child=c.known_as, starts_at=s.starts_at, booked=(s.pk, c.pk) in booked)
            for s in creches for c in children]
