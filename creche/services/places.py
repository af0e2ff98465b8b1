"""One booking for parent and child: the crèche follows the parent's place and sessions.

`programmes.place_hooks` tells us when a place is taken or released and
`scheduler.calendar.change_hooks` when a session moves or is cancelled (registered in
`CrecheConfig.ready()`). Each crèche date is booked in its own savepoint: a full crèche or a
ratio problem on one date never undoes the parent's place or the other dates; the coordinator
sees the list of dates that could not be booked.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from creche.models import Child, CrecheBooking, CrechePlaceRequest, CrecheSession
from creche.services.sessions import booking_create
from programmes.enums import EnrolmentStatus
from programmes.models import Enrolment, GroupRun, Participant
from programmes.services.enrolments import enrolment_create
from scheduler.calendar.enums import SessionStatus
from scheduler.models import ChangeKind, SessionChange, User

log = logging.getLogger(__name__)


@dataclass
class PlacesReport:
    """What booking a parent's children did: dates booked and dates refused (with why)."""

    booked: list[tuple[str, dt.datetime]] = field(default_factory=list)
    refused: list[tuple[str, dt.datetime, str]] = field(default_factory=list)


def _upcoming_creches(run_id: int) -> list[CrecheSession]:
    return list(CrecheSession.objects.filter(
        session__run_id=run_id, ends_at__gt=timezone.now())
        .exclude(session__status=SessionStatus.CANCELLED).order_by("starts_at"))


def _book_one(creche: CrecheSession, child: Child, by: User, report: PlacesReport) -> None:
    if CrecheBooking.objects.filter(creche_session=creche, child=child).exists():
        return
    try:
        with transaction.atomic():
            booking_create(creche_session=creche, child=child, by=by)
    except ValidationError as exc:
        report.refused.append((child.known_as, creche.starts_at, " ".join(exc.messages)))
    else:
        report.booked.append((child.known_as, creche.starts_at))


def creche_places_book(*, enrolment: Enrolment) -> PlacesReport:
    """Book each requested child into every upcoming crèche beside the run's sessions."""
    report = PlacesReport()
    requests = list(CrechePlaceRequest.objects.filter(enrolment=enrolment)
                    .select_related("child", "created_by"))
    if not requests:
        return report
    creches = _upcoming_creches(enrolment.run_id)
    for request in requests:
        for creche in creches:
            _book_one(creche, request.child, request.created_by, report)
    log.info("creche places booked enrolment=%s booked=%s refused=%s", enrolment.pk,
             len(report.booked), len(report.refused))
    return report


def creche_places_release(*, enrolment: Enrolment) -> int:
    """The parent left: release the children's upcoming places not yet attended."""
    child_ids = CrechePlaceRequest.objects.filter(enrolment=enrolment).values("child_id")
    if not child_ids.exists():
        return 0
    released, _ = (CrecheBooking.objects.filter(
        child_id__in=child_ids, creche_session__session__run_id=enrolment.run_id,
        creche_session__starts_at__gt=timezone.now(), attendances__isnull=True).delete())
    log.info("creche places released enrolment=%s bookings=%s", enrolment.pk, released)
    return released


def on_place_taken(enrolment: Enrolment, by: User | None) -> None:
    creche_places_book(enrolment=enrolment)


def on_place_released(enrolment: Enrolment, by: User | None) -> None:
    creche_places_release(enrolment=enrolment)


def on_session_changed(change: SessionChange) -> None:
    """A crèche moves with its group session; a cancelled session's unattended places go."""
    creches = CrecheSession.objects.filter(session_id=change.session_id)
    if change.kind == ChangeKind.MOVED and change.old_starts_at and change.new_starts_at:
        shift = change.new_starts_at - change.old_starts_at
        for creche in creches:
            creche.starts_at, creche.ends_at = creche.starts_at + shift, creche.ends_at + shift
            creche.save(update_fields=["starts_at", "ends_at"])
        log.info("creche sessions moved with session=%s", change.session_id)
    elif change.kind == ChangeKind.CANCELLED:
        released, _ = CrecheBooking.objects.filter(
            creche_session__in=creches, attendances__isnull=True).delete()
        log.info("creche places released for cancelled session=%s bookings=%s",
                 change.session_id, released)


@transaction.atomic
def place_requests_set(*, enrolment: Enrolment, children: Iterable[Child],
                       by: User) -> PlacesReport:
    """The coordinator ticks which children need a crèche place beside this enrolment. If the
    parent already has the place, the children are booked now; otherwise when it is taken."""
    chosen = list(children)
    if any(c.parent_id != enrolment.participant_id for c in chosen):
        raise ValidationError({"children": "Only the parent's own children can be booked."})
    CrechePlaceRequest.objects.filter(enrolment=enrolment).exclude(
        child__in=chosen).delete()
    for child in chosen:
        CrechePlaceRequest.objects.get_or_create(enrolment=enrolment, child=child,
                                                 defaults={"created_by": by})
    if enrolment.status in (EnrolmentStatus.ENROLLED, EnrolmentStatus.STARTED):
        return creche_places_book(enrolment=enrolment)
    return PlacesReport()


@transaction.atomic
def parent_and_children_book(*, parent: Participant, run: GroupRun, children: Iterable[Child],
                             by: User) -> tuple[Enrolment, PlacesReport]:
    """Enrol the parent and book the ticked children beside every session, in one step.
    The parent's place follows programmes' rules (capacity, eligibility, keep-apart); a
    crèche date that cannot take a child is reported, not fatal."""
    chosen = list(children)
    if any(c.parent_id != parent.pk for c in chosen):
        raise ValidationError({"children": "Only the parent's own children can be booked."})
    enrolment = enrolment_create(participant=parent, run=run, status=EnrolmentStatus.ENROLLED,
                                 by=by)
    return enrolment, place_requests_set(enrolment=enrolment, children=chosen, by=by)
