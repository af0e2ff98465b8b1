"""Taking registers: the only code that writes marks."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django_q.tasks import async_task

from attendance import mark_rows
from attendance.locks import register_is_locked
from attendance.models import Mark, MarkRevision, MarkStatus, Register, RegisterSource
from attendance.selectors import expected_enrolment_ids
from programmes.selectors import facilitates
from scheduler.models import Session, User
from scheduler.platform.permissions import REGISTER_TAKERS, sees_all_sessions
from scheduler.platform.raw_sql import insert_rows

logger = logging.getLogger(__name__)

NONCE_MAX = 64
REASON_MAX = 300

@dataclass(frozen=True)
class MarkInput:
    """One mark as sent. A tablet that was offline also says when it was marked
    (`recorded_at`); otherwise the mark is taken as made now."""
    enrolment_id: int
    status: str
    client_nonce: str = ""
    recorded_at: dt.datetime | None = None


@dataclass(frozen=True)
class MarkIn:
    enrolment_id: int
    status: str
    nonce: str
    recorded_at: dt.datetime


def check_may_take_register(*, session: Session, user: User) -> None:
    """Facilitators take registers of their own sessions only; planners any."""
    if not user.has_role(*REGISTER_TAKERS):
        raise PermissionDenied("Your role does not allow this")
    if not sees_all_sessions(user) and not facilitates(user_id=user.pk, run_id=session.run_id):
        raise PermissionDenied("You do not facilitate this session")


# PostgreSQL's answers for a transaction it aborted to let another finish: the whole
# transaction may simply be run again.
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock detected, serialization failure
RETRIES = 3


def register_submit(*, session: Session, marks: Sequence[MarkInput], by: User,
                    now: dt.datetime | None = None, reason: str = "",
                    source: str = RegisterSource.TABLET) -> Register:
    """`_register_submit`, run again when PostgreSQL aborted it for a deadlock with another
    writer (row locks are taken in one order, but a first mark's insert can still cross
    another's). Only when this is the outermost transaction: inside another, the abort
    belongs to the caller's transaction, which is not ours to repeat."""
    for attempt in range(1, RETRIES + 1):
        try:
            return _register_submit(session=session, marks=marks, by=by, now=now,
                                    reason=reason, source=source)
        except OperationalError as error:
            sqlstate = getattr(error.__cause__, "sqlstate", None)
            if (attempt == RETRIES or connection.in_atomic_block
                    or sqlstate not in RETRYABLE_SQLSTATES):
                raise
            logger.warning("register submit retried session=%s sqlstate=%s attempt=%s",
                           session.pk, sqlstate, attempt)
    raise AssertionError("unreachable: the last attempt returns or raises")


@transaction.atomic
def _register_submit(*, session: Session, marks: Sequence[MarkInput], by: User,
                     now: dt.datetime | None, reason: str, source: str) -> Register:
    """Record marks for a session's register, all or nothing; a partial register is fine.

    Idempotent per client nonce: a mark whose nonce was applied before is skipped, and a mark
    recorded (on the tablet) before the mark now in place never overwrites it. Once the
    register is locked (`attendance.locks`), a change needs a reason and is kept as an
    amendment. Writers of one register wait only for writers of the same people
    (`attendance.mark_rows`). Outcomes are re-derived by a queued task written in this
    transaction, so no lock is held while a whole run is evaluated.
    """
    now = now or timezone.now()
    check_may_take_register(session=session, user=by)
    # What needs no lock is read first: locks are held only while the marks in place are
    # compared with these and written (and the outcome tasks queued).
    check_register_open(session=session, now=now)
    parsed = parse_marks(marks, expected=expected_enrolment_ids(session=session), now=now)
    locked = register_is_locked(session=session, now=now)
    held = mark_rows.session_share_lock(session_id=session.pk)  # a cancel or move waits
    if held is None:
        raise ValidationError({"session": "This session no longer exists."})
    if held.status != session.status or held.starts_at != session.starts_at:
        session.status, session.starts_at = held.status, held.starts_at  # cancelled or moved
        check_register_open(session=session, now=now)
        locked = register_is_locked(session=session, now=now)
    revisions = _apply(parsed, session=session, by=by, locked=locked, reason=reason)
    insert_rows(revisions)  # the ORM's bulk_create cost more CPU than the rest of a save
    async_task("attendance.tasks.register_submitted", session.pk, session.run_id, by.pk,
               task_name=f"after-register-{session.pk}")
    # Last: every writer of this register waits for its row until commit.
    register = mark_rows.register_upsert(session_id=session.pk, by_id=by.pk, now=now,
                                         source=source)
    logger.info("register submitted session=%s marks=%s by=%s", session.pk, len(parsed), by.pk)
    return register


RACE_PASSES = 3


def _apply(parsed: list[MarkIn], *, session: Session, by: User, locked: bool,
           reason: str) -> list[MarkRevision]:
    """Compare the marks with those in place (locked) and write them; the revisions to record.

    A first mark that raced another writer's (both found no mark; the other committed first)
    is compared again with the mark now in place, and its nonce checked again: up to
    `RACE_PASSES` passes. Separate statements after each lock: each sees what the previous
    writer committed."""
    revisions: list[MarkRevision] = []
    pending = parsed
    for _ in range(RACE_PASSES):
        current = mark_rows.marks_locked(session_id=session.pk,
                                         enrolment_ids=[m.enrolment_id for m in pending])
        seen = mark_rows.nonces_seen(session_id=session.pk,
                                     nonces=[m.nonce for m in pending if m.nonce])
        fresh = [m for m in pending if not (m.nonce and m.nonce in seen)]
        amendment = _amendment(marks=fresh, current=current, locked=locked, reason=reason)
        applying = [m for m in fresh if not _superseded(m, current)]
        written = mark_rows.marks_upsert(
            session_id=session.pk, by_id=by.pk, known=current,
            rows=[mark_rows.MarkRow(m.enrolment_id, m.status, m.nonce, m.recorded_at)
                  for m in applying])
        pending = [m for m in applying if m.enrolment_id not in written]
        revisions += [_revision(m, session=session, by=by, mine=current.get(m.enrolment_id),
                                applied=m.enrolment_id in written, amendment=amendment)
                      for m in fresh if m not in pending]
        if not pending:
            return revisions
    raise ValidationError({"marks": "The register changed while saving: send it again."})


def _superseded(mark: MarkIn, current: dict[int, Mark]) -> bool:
    mine = current.get(mark.enrolment_id)
    return mine is not None and mine.recorded_at > mark.recorded_at


def _revision(mark: MarkIn, *, session: Session, by: User, mine: Mark | None, applied: bool,
              amendment: Amendment) -> MarkRevision:
    return MarkRevision(session=session, enrolment_id=mark.enrolment_id, status=mark.status,
                        client_nonce=mark.nonce, recorded_by=by, recorded_at=mark.recorded_at,
                        applied=applied, previous_status=mine.status if mine else "",
                        after_lock=amendment.after_lock, reason=amendment.reason)


def check_register_open(*, session: Session, now: dt.datetime) -> None:
    """A cancelled session has no register; a future one has not happened yet."""
    if session.is_cancelled:
        raise ValidationError({"session": "A cancelled session has no register."})
    if timezone.localdate(session.starts_at) > timezone.localdate(now):
        raise ValidationError({"session": "This session has not happened yet."})


@dataclass(frozen=True)
class Amendment:
    """What a change to a locked register records with each mark."""

    after_lock: bool
    reason: str


def _amendment(*, marks: list[MarkIn], current: dict[int, Mark], locked: bool,
               reason: str) -> Amendment:
    """A change (a status different from the one in place) to a locked register needs a
    reason; replaying marks already in place does not."""
    reason = reason.strip()
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": f"At most {REASON_MAX} characters."})
    if not locked:
        return Amendment(after_lock=False, reason=reason)
    changes = [m for m in marks if getattr(current.get(m.enrolment_id), "status", None) != m.status]
    if changes and not reason:
        raise ValidationError({"reason": "This register is locked: give a reason for the change."})
    return Amendment(after_lock=True, reason=reason)


def parse_marks(marks: Sequence[MarkInput], *, expected: set[int],
                now: dt.datetime) -> list[MarkIn]:
    """Validate every mark; raise one ValidationError naming each bad field."""
    errors: dict[str, str] = {}
    parsed: list[MarkIn] = []
    seen: set[int] = set()
    for i, raw in enumerate(marks):
        enrolment_id, status, nonce = raw.enrolment_id, raw.status, raw.client_nonce or ""
        recorded_at = min(raw.recorded_at or now, now)
        if enrolment_id not in expected:
            errors[f"marks.{i}.enrolment_id"] = "This participant is not expected at this session."
        elif enrolment_id in seen:
            errors[f"marks.{i}.enrolment_id"] = "This participant is marked twice."
        if status not in MarkStatus.values:
            errors[f"marks.{i}.status"] = "Choose present, late, left early, absent or apology."
        if len(nonce) > NONCE_MAX:
            errors[f"marks.{i}.client_nonce"] = f"At most {NONCE_MAX} characters."
        seen.add(enrolment_id)
        parsed.append(MarkIn(enrolment_id, status, nonce, recorded_at))
    if errors:
        raise ValidationError(errors)
    return parsed
