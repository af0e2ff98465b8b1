"""Taking registers: the only code that writes marks."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_q.tasks import async_task

from attendance.locks import register_is_locked
from attendance.models import Mark, MarkRevision, MarkStatus, Register, RegisterSource
from attendance.selectors import expected_enrolment_ids
from scheduler.models import Session, User
from scheduler.platform.permissions import REGISTER_TAKERS, sees_all_sessions

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
    if not sees_all_sessions(user) and not session.run.facilitators.filter(pk=user.pk).exists():
        raise PermissionDenied("You do not facilitate this session")


@transaction.atomic
def register_submit(*, session: Session, marks: Sequence[MarkInput], by: User,
                    now: dt.datetime | None = None, reason: str = "",
                    source: str = RegisterSource.TABLET) -> Register:
    """Record marks for a session's register, all or nothing; a partial register is fine.

    Idempotent per client nonce: a mark whose nonce was applied before is skipped, and a mark
    recorded (on the tablet) before the mark now in place never overwrites it. Once the
    register is locked (`attendance.locks`), a change needs a reason and is kept as an
    amendment. Outcomes are re-derived by a queued task written in this transaction, so the
    session lock is not held while a whole run is evaluated.
    """
    now = now or timezone.now()
    check_may_take_register(session=session, user=by)
    # What needs no lock is read first: the session's lock is held only while the marks in
    # place are compared with these and written (and the outcome tasks queued).
    check_register_open(session=session, now=now)
    parsed = parse_marks(marks, expected=expected_enrolment_ids(session=session), now=now)
    locked = register_is_locked(session=session, now=now)
    moved_from = session.starts_at
    session = Session.objects.select_for_update().get(pk=session.pk)  # one writer per register
    check_register_open(session=session, now=now)  # as locked: cancelled or moved meanwhile?
    if session.starts_at != moved_from:
        locked = register_is_locked(session=session, now=now)
    # Separate statements after the lock: each sees what the previous writer committed.
    current = {m.enrolment_id: m for m in Mark.objects.filter(session=session)}
    nonces = [m.nonce for m in parsed if m.nonce]
    seen = set(MarkRevision.objects.filter(session=session, client_nonce__in=nonces)
               .order_by().values_list("client_nonce", flat=True)) if nonces else set()
    fresh = [m for m in parsed if not (m.nonce and m.nonce in seen)]
    amendment = _amendment(marks=fresh, current=current, locked=locked, reason=reason)
    _write(fresh, session=session, current=current, by=by, amendment=amendment)
    register = _register_upsert(session=session, by=by, now=now, source=source)
    async_task("attendance.tasks.refresh_run_outcomes", session.run_id, by.pk,
               task_name=f"outcomes-run-{session.run_id}")
    async_task("attendance.tasks.after_register", session.pk,
               task_name=f"after-register-{session.pk}")
    logger.info("register submitted session=%s marks=%s by=%s", session.pk, len(parsed), by.pk)
    return register


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


def _write(marks: list[MarkIn], *, session: Session, current: dict[int, Mark],
           by: User, amendment: Amendment) -> None:
    """Record every mark as a revision; apply those not older than the mark in place.
    A fixed number of queries however many marks."""
    revisions, new, changed = [], [], []
    for mark in marks:
        mine = current.get(mark.enrolment_id)
        superseded = mine is not None and mine.recorded_at > mark.recorded_at
        revisions.append(MarkRevision(session=session, enrolment_id=mark.enrolment_id,
                                      status=mark.status, client_nonce=mark.nonce,
                                      recorded_by=by, recorded_at=mark.recorded_at,
                                      applied=not superseded,
                                      previous_status=mine.status if mine else "",
                                      after_lock=amendment.after_lock,
                                      reason=amendment.reason))
        if superseded:
            continue
        fields = {"status": mark.status, "client_nonce": mark.nonce, "recorded_by": by,
                  "recorded_at": mark.recorded_at}
        if mine is None:
            new.append(Mark(session=session, enrolment_id=mark.enrolment_id, **fields))
        else:
            for name, value in fields.items():
                setattr(mine, name, value)
            changed.append(mine)
    MarkRevision.objects.bulk_create(revisions)
    Mark.objects.bulk_create(new)
    Mark.objects.bulk_update(changed, ["status", "client_nonce", "recorded_by", "recorded_at"])


def _register_upsert(*, session: Session, by: User, now: dt.datetime,
                     source: str) -> Register:
    register, created = Register.objects.get_or_create(
        session=session, defaults={"taken_by": by, "taken_at": now, "source": source})
    if not created:
        register.source = source if source == RegisterSource.PAPER else register.source
        register.save(update_fields=["updated_at", "source"])
    return register
