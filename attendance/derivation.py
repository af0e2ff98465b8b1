"""Starters and completers, derived from the register (never typed).

Attendance owns the marks, so it derives the outcomes and moves each enrolment along the
status ladder with programmes' own transition service. Programmes reaches this module only
through `programmes.outcome_seam` (registered in `AttendanceConfig.ready()`).
"""

from __future__ import annotations

from django.db import transaction

from attendance.outcomes import (
    outcome_details_for_enrolments,
    outcomes_for_enrolments,
    outcomes_for_run,
)
from programmes.enums import TransitionReason as R
from programmes.models import Enrolment
from programmes.services.enrolments import DERIVED, record_transition
from programmes.services.outcomes import DERIVED_REASON, derived_status, steps
from scheduler.models import User

__all__ = ["enrolments_refresh_outcomes", "outcome_details_for_enrolments",
           "outcomes_for_enrolments"]


@transaction.atomic
def enrolments_refresh_outcomes(*, run_id: int, by: User | None = None) -> None:
    """Move enrolled → started (attended any session) → completed (rule met), and back
    again when a mark is corrected, with an event "derived from register" for each move."""
    evaluations = outcomes_for_run(run_id=run_id)
    enrolments = Enrolment.objects.select_for_update().filter(run_id=run_id, status__in=DERIVED)
    for enrolment in enrolments:
        target = derived_status(evaluations.get(enrolment.pk), enrolment.completion_override)
        for status in steps(enrolment.status, target):
            record_transition(enrolment=enrolment, to_status=status,
                              reason_code=R.DERIVED_FROM_REGISTER, reason=DERIVED_REASON, by=by)
