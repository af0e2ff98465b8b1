"""The enrolment status ladder and completion overrides.

Deriving started/completed from registers is attendance's job (`attendance.derivation`);
this module holds the pure ladder both sides share and the audited override."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from programmes.completion import Evaluation
from programmes.enums import EnrolmentStatus as S
from programmes.enums import TransitionReason as R
from programmes.models import Enrolment
from programmes.outcome_seam import outcome_source
from programmes.services.enrolments import DERIVED, record_transition
from scheduler.models import User

DERIVED_REASON = "derived from register"


def derived_status(evaluation: Evaluation | None, override: bool | None) -> str:
    started = evaluation is not None and evaluation.started
    completed = evaluation is not None and evaluation.completed
    if override is not None:
        completed = override
    if completed:
        return S.COMPLETED
    return S.STARTED if started else S.ENROLLED


LADDER: list[str] = [S.ENROLLED, S.STARTED, S.COMPLETED]


def steps(current: str, target: str) -> list[str]:
    """Each status passed through, one rung at a time, so a completer is also a starter."""
    i, j = LADDER.index(current), LADDER.index(target)
    return LADDER[i + 1:j + 1] if j > i else LADDER[j:i][::-1]


@transaction.atomic
def enrolment_override_completion(*, enrolment: Enrolment, completed: bool | None, reason: str,
                                  by: User) -> Enrolment:
    """Force completion on (True) or off (False), or back to derived (None). Audited."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status not in DERIVED:
        raise ValidationError({"completed": "Only an enrolled participant's completion can "
                                            "be overridden."})
    if not reason.strip():
        raise ValidationError({"reason": "An override needs a reason."})
    enrolment.completion_override = completed
    enrolment.override_reason = reason.strip()[:300]
    enrolment.save(update_fields=["completion_override", "override_reason"])
    evaluations = outcome_source().outcomes_for_enrolments(enrolment_ids=[enrolment.pk])
    evaluation = evaluations.get(enrolment.pk)
    # The event is written even when the status stays the same, so the override is audited.
    record_transition(enrolment=enrolment, to_status=derived_status(evaluation, completed),
                      reason_code=R.COMPLETION_OVERRIDE, reason=reason, by=by)
    return enrolment
