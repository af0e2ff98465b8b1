"""Reminder policies: when a programme type's participants are reminded of a session."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from notifications.models import ReminderPolicy
from programmes.models import ProgrammeType
from scheduler.models import User

HOURS_BEFORE_RANGE = range(1, 73)


@transaction.atomic
def reminder_policy_set(*, programme_type: ProgrammeType, day_before: bool, same_morning: bool,
                        hours_before: int | None, by: User) -> ReminderPolicy:
    """Record the programme type's policy (at least one reminder; N hours from 1 to 72)."""
    if hours_before is not None and hours_before not in HOURS_BEFORE_RANGE:
        raise ValidationError({"hours_before": "Between 1 and 72 hours before the session."})
    if not (day_before or same_morning or hours_before):
        raise ValidationError({"day_before": "Choose at least one reminder (or turn texts off "
                                             "for the participants instead)."})
    policy, _ = ReminderPolicy.objects.update_or_create(
        programme_type=programme_type,
        defaults={"day_before": day_before, "same_morning": same_morning,
                  "hours_before": hours_before, "updated_by": by})
    return policy
