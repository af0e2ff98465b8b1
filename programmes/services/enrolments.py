"""The enrolment lifecycle: validated transitions, each recorded as an EnrolmentEvent.

Starters and completers are never typed: `enrolments_refresh_outcomes` derives them from the
register. A coordinator may override completion only with a reason, and that is audited.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from programmes.enums import EnrolmentStatus as S
from programmes.enums import TransitionReason as R
from programmes.models import Enrolment, EnrolmentEvent, GroupRun, Participant
from programmes.place_hooks import place_released, place_taken
from programmes.services.capacity import lock_run_with_place
from programmes.services.eligibility import check_eligible, waiting_entries_placed
from programmes.services.placement import placement_guard, placement_override_record
from scheduler.models import Funder, User

# Moves a coordinator may make by hand. STARTED and COMPLETED are reached only by derivation.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.REFERRED: frozenset({S.ASSESSED, S.WAITING, S.OFFERED, S.ENROLLED, S.WITHDRAWN,
                           S.UNSUITABLE}),
    S.ASSESSED: frozenset({S.WAITING, S.OFFERED, S.ENROLLED, S.WITHDRAWN, S.UNSUITABLE}),
    S.WAITING: frozenset({S.OFFERED, S.ENROLLED, S.WITHDRAWN}),
    S.OFFERED: frozenset({S.ENROLLED, S.WITHDRAWN}),
    S.ENROLLED: frozenset({S.WITHDRAWN, S.REMOVED, S.DID_NOT_START}),
    S.STARTED: frozenset({S.WITHDRAWN, S.REMOVED}),
    S.WITHDRAWN: frozenset({S.OFFERED}),  # re-offered a place from the waiting list
    S.COMPLETED: frozenset(),
    S.REMOVED: frozenset(),
    S.DID_NOT_START: frozenset(),
    S.UNSUITABLE: frozenset(),
}
NEEDS_REASON = frozenset({S.WITHDRAWN, S.REMOVED, S.DID_NOT_START, S.UNSUITABLE})
DERIVED = frozenset({S.ENROLLED, S.STARTED, S.COMPLETED})
CREATE_AS = frozenset({S.REFERRED, S.ASSESSED, S.WAITING, S.ENROLLED})
LEFT = frozenset({S.WITHDRAWN, S.REMOVED, S.DID_NOT_START, S.UNSUITABLE})


def _check_reason(to_status: str, reason_code: str, reason: str) -> None:
    if reason_code and reason_code not in R.values:
        raise ValidationError({"reason_code": "Not a known reason."})
    if to_status in NEEDS_REASON and not reason_code:
        raise ValidationError({"reason_code": "A reason is needed for this change."})
    if reason_code == R.OTHER and not reason.strip():
        raise ValidationError({"reason": "Say why, when the reason is 'other'."})


def record_transition(*, enrolment: Enrolment, to_status: str, reason_code: str = "",
                      reason: str = "", by: User | None = None) -> EnrolmentEvent:
    """Apply a status change and its history row (callers have validated it)."""
    event = EnrolmentEvent.objects.create(
        enrolment=enrolment, from_status=enrolment.status, to_status=to_status,
        reason_code=reason_code, reason=reason.strip()[:300], by=by)
    enrolment.status = to_status
    update = ["status"]
    if to_status in LEFT and enrolment.left_at is None:
        enrolment.left_at, update = timezone.now(), ["status", "left_at"]
    enrolment.save(update_fields=update)
    _tell_place_hooks(enrolment, to_status, by)
    return event


def _tell_place_hooks(enrolment: Enrolment, to_status: str, by: User | None) -> None:
    """Higher apps (the crèche) follow the parent's place (programmes.place_hooks)."""
    if to_status == S.ENROLLED:
        place_taken(enrolment, by)
    elif to_status in LEFT:
        place_released(enrolment, by)


@transaction.atomic
def enrolment_transition(*, enrolment: Enrolment, to_status: str, reason_code: str = "",
                         reason: str = "", override_reason: str = "",
                         by: User | None = None) -> Enrolment:
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if to_status not in TRANSITIONS.get(enrolment.status, frozenset()):
        raise ValidationError({"to_status": f"Cannot move from {enrolment.status} to "
                                            f"{to_status}; starters and completers come "
                                            "from the register."})
    _check_reason(to_status, reason_code, reason)
    if to_status in (S.OFFERED, S.ENROLLED):
        run = lock_run_with_place(run_id=enrolment.run_id, for_enrolment_id=enrolment.pk)
        check_eligible(participant=enrolment.participant_id, programme=run.programme)
        conflicts = placement_guard(participant_id=enrolment.participant_id, run=run, by=by,
                                    override_reason=override_reason, enrolment=enrolment)
        placement_override_record(enrolment=enrolment, conflicts=conflicts, path="transition",
                                  reason=override_reason, by=by)
    if to_status == S.ENROLLED:
        enrolment.joined_at = timezone.now()
        enrolment.save(update_fields=["joined_at"])
        waiting_entries_placed(participant_id=enrolment.participant_id,
                               programme_id=enrolment.run.programme_id)
    record_transition(enrolment=enrolment, to_status=to_status, reason_code=reason_code,
                      reason=reason, by=by)
    return enrolment


@transaction.atomic
def enrolment_create(*, participant: Participant, run: GroupRun, status: str = S.ENROLLED,
                     joined_at: dt.datetime | None = None, reason_code: str = "",
                     reason: str = "", override_reason: str = "",
                     by: User | None = None, funder: Funder | None = None) -> Enrolment:
    """Put a participant on a run. A late joiner's `joined_at` makes earlier sessions
    "not expected" rather than absences. Enrolling runs the keep-apart check: a conflict is
    refused unless a coordinator gives `override_reason` (audited)."""
    if status not in CREATE_AS:
        raise ValidationError({"status": "New enrolments start as referred, assessed, "
                                         "waiting or enrolled."})
    _check_reason(status, reason_code, reason)
    if Enrolment.objects.filter(participant=participant, run=run).exists():
        raise ValidationError({"participant_id": "Already on this run."})
    conflicts = []
    if status == S.ENROLLED:
        lock_run_with_place(run_id=run.pk)
        check_eligible(participant=participant, programme=run.programme)
        conflicts = placement_guard(participant_id=participant.pk, run=run, by=by,
                                    override_reason=override_reason)
        waiting_entries_placed(participant_id=participant.pk, programme_id=run.programme_id)
    enrolment = Enrolment.objects.create(participant=participant, run=run, status=status,
                                         joined_at=joined_at or timezone.now(), funder=funder)
    EnrolmentEvent.objects.create(enrolment=enrolment, to_status=status,
                                  reason_code=reason_code or R.ENROLLED_DIRECTLY,
                                  reason=reason.strip()[:300], by=by)
    placement_override_record(enrolment=enrolment, conflicts=conflicts, path="enrolment",
                              reason=override_reason, by=by)
    _tell_place_hooks(enrolment, status, by)
    return enrolment
