"""Reads for registers: who is on a session's register, and which sessions a user may take.

Registers show known-as names only: never legal names, contact details or keep-apart links.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, FilteredRelation, OuterRef, Q, QuerySet
from django.utils import timezone

from attendance.models import MarkRevision, Register
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
    """Who may be marked at this session: on its register and due at it (one light query)."""
    return set(enrolments_on_register(session=session)
               .filter(joined_at__lte=session.starts_at).order_by().values_list("pk", flat=True))


def register_lines(*, session: Session) -> list[RegisterLine]:
    """One line per participant on the register, with the mark already recorded: one query
    (the session's mark joined to each enrolment; a person has at most one mark a session),
    plain values, no model instances."""
    starts_at = session.starts_at
    rows = (enrolments_on_register(session=session)
            .annotate(here=FilteredRelation("marks", condition=Q(marks__session=session)))
            .values_list("pk", "participant__known_as", "joined_at", "left_at", "here__status"))
    return [
        RegisterLine(enrolment_id=pk, known_as=known_as,
                     expected=joined_at <= starts_at and (left_at is None or left_at > starts_at),
                     status=status)
        for pk, known_as, joined_at, left_at, status in rows
    ]


def session_for_register(*, user: User, session_id: int, lean: bool = False) -> Session:
    """The session if the user may take its register, with its register (if taken) in the
    same query; raises Session.DoesNotExist otherwise. `lean`: with its run only (no room,
    venue, topic or programme), for the API, whose answer needs no more."""
    sessions = sessions_visible_to(user=user)
    if lean:
        sessions = sessions.select_related(None).select_related("run")
    return sessions.select_related("register").get(pk=session_id)


def register_for_session(*, session: Session) -> Register | None:
    """The session's register; no query when it came with the session (`session_for_register`)
    or was already looked up."""
    try:
        return session.register
    except Register.DoesNotExist:
        return None


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
