"""The next step recorded when she completes or leaves, and the follow-on referral it makes
when the step is another of our programmes (one transaction: both or neither)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from programmes.enums import EnrolmentStatus, MethodOfAccess, NextStep, ReferralSource
from programmes.models import Enrolment, EnrolmentNextStep, ProgrammeType, Referral
from programmes.services.enrolments import LEFT
from programmes.services.referrals import referral_create
from scheduler.models import User

FINISHED = frozenset({EnrolmentStatus.COMPLETED, *LEFT})
# Steps that may be one of our own programmes (then a referral is made), and must be.
MAY_BE_OURS = frozenset({NextStep.FOLLOW_ON_GROUP, NextStep.ONE_TO_ONE, NextStep.AFTERCARE})
MUST_BE_OURS = frozenset({NextStep.FOLLOW_ON_GROUP})


def _check_step(enrolment: Enrolment, step: str, programme: ProgrammeType | None,
                detail: str) -> None:
    if enrolment.status not in FINISHED:
        raise ValidationError({"step": "A next step is recorded when she completes or leaves."})
    if step not in NextStep.values:
        raise ValidationError({"step": "Not a known next step."})
    if step in MUST_BE_OURS and programme is None:
        raise ValidationError({"programme_id": "Choose the group she goes on to."})
    if programme is not None and step not in MAY_BE_OURS:
        raise ValidationError({"programme_id": "Only a group, one-to-one support or aftercare "
                                               "can be one of our programmes."})
    if step == NextStep.SIGNPOSTED and not detail:
        raise ValidationError({"detail": "Name the service she was signposted to."})
    if len(detail) > 200:
        raise ValidationError({"detail": "Keep it to 200 characters."})


def _check_programme(enrolment: Enrolment, programme: ProgrammeType | None) -> None:
    if programme is None:
        return
    if not programme.is_active:
        raise ValidationError({"programme_id": "That programme is no longer offered."})
    if programme.pk == enrolment.run.programme_id:
        raise ValidationError({"programme_id": "Choose another programme than the one "
                                               "she has just been on."})


def _follow_on(enrolment: Enrolment, programme: ProgrammeType | None, day: dt.date,
               by: User | None) -> Referral | None:
    if programme is None:
        return None
    return referral_create(participant=enrolment.participant, programme=programme,
                           source=ReferralSource.FOLLOW_ON, referred_on=day,
                           method_of_access=MethodOfAccess.FOLLOW_ON, by=by)


@transaction.atomic
def next_step_record(*, enrolment: Enrolment, step: str, programme: ProgrammeType | None = None,
                     detail: str = "", by: User | None = None) -> EnrolmentNextStep:
    """Record her next step once; one of our programmes becomes a follow-on referral (which
    opens its assessment or puts her on its waiting list, as any referral does)."""
    enrolment = (Enrolment.objects.select_for_update().select_related("run", "participant")
                 .get(pk=enrolment.pk))
    detail = detail.strip()
    _check_step(enrolment, step, programme, detail)
    _check_programme(enrolment, programme)
    if EnrolmentNextStep.objects.filter(enrolment=enrolment).exists():
        raise ValidationError({"step": "Her next step is already recorded."})
    today = timezone.localdate()
    return EnrolmentNextStep.objects.create(
        enrolment=enrolment, step=step, detail=detail, recorded_on=today, recorded_by=by,
        follow_on_referral=_follow_on(enrolment, programme, today, by))
