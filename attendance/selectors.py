"""Reads for registers: who is on a session's register, and which sessions a user may take.

Registers show known-as names only: never legal names, contact details or keep-apart links.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from attendance.models import Mark, MarkRevision, Register
from programmes.enums import EnrolmentStatus
from programmes.models import Enrolment
from scheduler.calendar.enums import SessionStatus
from scheduler.calendar.selectors import local_day_bounds, sessions_visible_to
from scheduler.models import Session, User

# Enrolments that belong on a run's registers (the rest are still being referred or offered).
ON_REGISTER = (
    EnrolmentStatus.ENROLLED, EnrolmentStatus.STARTED, EnrolmentStatus.COMPLETED,
    EnrolmentStatus.WITHDRAWN, EnrolmentStatus.REMOVED, EnrolmentStatus.DID_NOT_START,
)


@dataclass(frozen=True)
class RegisterLine:
    enrolment_id: int
    known_as: str
    expected: bool  # False: joined after this session (shown as "not expected")
    status: str | None  # the current mark, if any


def is_expected(enrolment: Enrolment, session: Session) -> bool:
    """Was this participant due at this session (joined before it, not yet left)?"""
    left = enrolment.left_at
    return enrolment.joined_at <= session.starts_at and (left is None or left > session.starts_at)


def enrolments_on_register(*, session: Session) -> QuerySet[Enrolment]:
    """The run's enrolments a register lists: not those who left before the session."""
    return (Enrolment.objects.filter(run_id=session.run_id, status__in=ON_REGISTER)
            .filter(Q(left_at__isnull=True) | Q(left_at__gt=session.starts_at))
            .select_related("participant")
            .order_by("participant__known_as", "id"))


def expected_enrolment_ids(*, session: Session) -> set[int]:
    return {e.pk for e in enrolments_on_register(session=session) if is_expected(e, session)}


def register_lines(*, session: Session) -> list[RegisterLine]:
    """One line per participant on the register, with the mark already recorded (2 queries)."""
    marks = dict(Mark.objects.filter(session=session).values_list("enrolment_id", "status"))
    return [
        RegisterLine(enrolment_id=e.pk, known_as=e.participant.known_as,
                     expected=is_expected(e, session), status=marks.get(e.pk))
        for e in enrolments_on_register(session=session)
    ]


def session_for_register(*, user: User, session_id: int) -> Session:
    """The session if the user may take its register; raises Session.DoesNotExist otherwise."""
    return sessions_visible_to(user=user).get(pk=session_id)


def register_for_session(*, session: Session) -> Register | None:
    return Register.objects.filter(session=session).first()


def sessions_for_registers(*, user: User, when: str = "upcoming",
                           today: dt.date | None = None) -> QuerySet[Session]:
    """The user's sessions from today on (or before today, newest first), register flagged."""
    start, _ = local_day_bounds(today or timezone.localdate())
    qs = sessions_visible_to(user=user).annotate(
        register_taken=Exists(Register.objects.filter(session=OuterRef("pk"))))
    if when == "past":
        return qs.filter(starts_at__lt=start).order_by("-starts_at", "-id")
    return qs.filter(starts_at__gte=start).order_by("starts_at", "id")


OFFLINE_DAYS = 7
OFFLINE_MAX = 40


def sessions_to_keep_offline(*, user: User, today: dt.date | None = None) -> list[Session]:
    """The sessions a facilitator runs from today through the coming 7 days: their registers
    are kept on her tablet for use with no signal (bounded)."""
    start, _ = local_day_bounds(today or timezone.localdate())
    return list(Session.objects.filter(
        run__facilitators=user, starts_at__gte=start,
        starts_at__lt=start + dt.timedelta(days=OFFLINE_DAYS + 1),
    ).exclude(status=SessionStatus.CANCELLED).order_by("starts_at", "id")[:OFFLINE_MAX])


def register_history(*, session: Session, limit: int = 50) -> list[MarkRevision]:
    """The latest changes to a session's marks, newest first, with who made them."""
    return list(MarkRevision.objects.filter(session=session)
                .select_related("recorded_by", "enrolment__participant")
                .order_by("-received_at", "-id")[:limit])


def revisions_after_lock() -> QuerySet[MarkRevision]:
    """Marks changed after their register locked, newest first: revisions of figures that
    may already have been reported, for the manager (no names)."""
    return (MarkRevision.objects.filter(after_lock=True)
            .select_related("session__run", "recorded_by")
            .order_by("-received_at", "-id"))
