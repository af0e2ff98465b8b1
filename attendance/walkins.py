"""People who turn up unannounced: named walk-ins and anonymous headcounts.

At a drop-in, a walk-in is put on the drop-in (programmes' `enrolment_create`, so capacity
and eligibility run) and marked present at once. At a rolling group, a walk-in waits for a
coordinator: confirming goes through the same `enrolment_create` (capacity, keep-apart) and
only then is she marked present. The facilitator finds people among those she may see, or
adds a new person with a known-as name only (a coordinator completes the record later).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from attendance.models import Headcount, MarkStatus, WalkIn, WalkInStatus
from attendance.services import (
    MarkInput,
    check_may_take_register,
    check_register_open,
    register_submit,
)
from programmes.enums import Delivery, TransitionReason
from programmes.models import Enrolment, Participant
from programmes.selectors import participants_visible_to
from programmes.services import enrolment_create, participant_create
from scheduler.models import Session, User
from scheduler.platform.permissions import PLANNERS

logger = logging.getLogger(__name__)

HEADCOUNT_MAX = 500
SEARCH_MAX = 10
WALK_IN_DELIVERIES = (Delivery.DROP_IN, Delivery.ROLLING)


def walk_ins_allowed(session: Session) -> bool:
    return session.run.programme.delivery in WALK_IN_DELIVERIES


def is_drop_in(session: Session) -> bool:
    return session.run.programme.delivery == Delivery.DROP_IN


def walk_in_candidates(*, user: User, session: Session, query: str) -> list[Participant]:
    """People she may see whose known-as name or reference matches, not already on this run."""
    query = query.strip()
    if len(query) < 2:
        return []
    return list(participants_visible_to(user=user)
                .filter(Q(known_as__icontains=query) | Q(reference__iexact=query))
                .exclude(enrolments__run_id=session.run_id)
                .order_by("known_as", "reference")[:SEARCH_MAX])


@transaction.atomic
def walk_in_record(*, session: Session, by: User, participant_id: int | None = None,
                   known_as: str = "", now: dt.datetime | None = None) -> WalkIn | Enrolment:
    """Record someone who walked in: marked present at a drop-in (returns the enrolment);
    pending a coordinator's decision at a rolling group (returns the walk-in)."""
    now = now or timezone.now()
    check_may_take_register(session=session, user=by)
    check_register_open(session=session, now=now)
    if not walk_ins_allowed(session):
        raise ValidationError({"session": "Walk-ins are for drop-ins and rolling groups: "
                                          "ask a coordinator to enrol this person."})
    participant = _walk_in_person(by=by, participant_id=participant_id, known_as=known_as)
    if is_drop_in(session):
        return _drop_in(session=session, participant=participant, by=by, now=now)
    walk_in, _ = WalkIn.objects.get_or_create(
        session=session, participant=participant,
        defaults={"recorded_by": by, "recorded_at": now})
    logger.info("walk-in pending session=%s participant=%s", session.pk, participant.pk)
    return walk_in


def _walk_in_person(*, by: User, participant_id: int | None, known_as: str) -> Participant:
    if participant_id is not None:
        found = participants_visible_to(user=by).filter(pk=participant_id).first()
        if found is None:
            raise ValidationError({"participant_id": "No such person among yours."})
        return found
    if not known_as.strip():
        raise ValidationError({"known_as": "Find the person, or give a known-as name."})
    return participant_create(known_as=known_as)


def _drop_in(*, session: Session, participant: Participant, by: User,
             now: dt.datetime) -> Enrolment:
    enrolment = Enrolment.objects.filter(participant=participant, run=session.run).first()
    if enrolment is None:
        enrolment = enrolment_create(participant=participant, run=session.run,
                                     joined_at=session.starts_at,
                                     reason_code=TransitionReason.ENROLLED_DIRECTLY,
                                     reason="Walked in at a drop-in", by=by)
    nonce = f"walk-in-{session.pk}-{enrolment.pk}"
    register_submit(session=session, by=by, now=now,
                    marks=[MarkInput(enrolment.pk, MarkStatus.PRESENT, nonce)])
    return enrolment


def pending_walk_ins() -> QuerySet[WalkIn]:
    return (WalkIn.objects.filter(status=WalkInStatus.PENDING)
            .select_related("session__run", "participant", "recorded_by")
            .order_by("recorded_at", "id"))


def _check_decider(by: User) -> None:
    if not by.has_role(*PLANNERS):
        raise PermissionDenied("Only a coordinator decides walk-ins")


@transaction.atomic
def walk_in_confirm(*, walk_in: WalkIn, by: User) -> Enrolment:
    """Enrol the walk-in through programmes' rules (capacity, keep-apart, eligibility) and mark
    her present at the session she came to."""
    _check_decider(by)
    walk_in = WalkIn.objects.select_for_update().get(pk=walk_in.pk)
    if walk_in.status != WalkInStatus.PENDING:
        raise ValidationError({"walk_in": "This walk-in has already been decided."})
    session = walk_in.session
    enrolment = enrolment_create(participant=walk_in.participant, run=session.run,
                                 joined_at=session.starts_at,
                                 reason_code=TransitionReason.ENROLLED_DIRECTLY,
                                 reason="Walked in; confirmed by a coordinator", by=by)
    register_submit(session=session, by=by, reason="Walk-in confirmed by a coordinator",
                    marks=[MarkInput(enrolment.pk, MarkStatus.PRESENT, f"walk-in-{walk_in.pk}",
                            walk_in.recorded_at)])
    _decide(walk_in, WalkInStatus.CONFIRMED, by)
    return enrolment


@transaction.atomic
def walk_in_reject(*, walk_in: WalkIn, by: User) -> WalkIn:
    _check_decider(by)
    walk_in = WalkIn.objects.select_for_update().get(pk=walk_in.pk)
    if walk_in.status != WalkInStatus.PENDING:
        raise ValidationError({"walk_in": "This walk-in has already been decided."})
    return _decide(walk_in, WalkInStatus.REJECTED, by)


def _decide(walk_in: WalkIn, status: str, by: User) -> WalkIn:
    walk_in.status, walk_in.decided_by, walk_in.decided_at = status, by, timezone.now()
    walk_in.save(update_fields=["status", "decided_by", "decided_at"])
    logger.info("walk-in %s %s by=%s", walk_in.pk, status, by.pk)
    return walk_in


@transaction.atomic
def headcount_record(*, session: Session, count: int, by: User,
                     now: dt.datetime | None = None) -> Headcount:
    """How many people at a drop-in gave no name (replaces the number recorded before)."""
    now = now or timezone.now()
    check_may_take_register(session=session, user=by)
    check_register_open(session=session, now=now)
    if not is_drop_in(session):
        raise ValidationError({"session": "Anonymous headcounts are for drop-ins."})
    if not 0 <= count <= HEADCOUNT_MAX:
        raise ValidationError({"count": f"Between 0 and {HEADCOUNT_MAX}."})
    headcount, _ = Headcount.objects.update_or_create(
        session=session, defaults={"count": count, "recorded_by": by, "recorded_at": now})
    return headcount
