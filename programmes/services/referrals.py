"""Referrals, repeat-referral detection, and the pre-group assessment."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction

from programmes.enums import (
    AssessmentOutcome,
    Delivery,
    MethodOfAccess,
    Priority,
    ReferralSource,
    ReferralStatus,
)
from programmes.models import Assessment, Participant, ProgrammeType, Referral
from programmes.services.waiting_list import waiting_list_add
from scheduler.models import User

NO_WAITING_LIST = (Delivery.DROP_IN, Delivery.ONE_OFF)


def year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def is_repeat_referral(*, participant: Participant, referred_on: dt.date,
                       source: str = "") -> bool:
    """A repeat referral: the same participant was referred in the previous 12 months.
    A follow-on from one of our own programmes is her next step, never a repeat."""
    if source == ReferralSource.FOLLOW_ON:
        return False
    return Referral.objects.filter(participant=participant,
                                   referred_on__gte=year_before(referred_on),
                                   referred_on__lte=referred_on).exists()


def _check_referral(referral: Referral) -> None:
    if referral.source not in ReferralSource.values:
        raise ValidationError({"source": "Not a known referral source."})
    if referral.method_of_access and referral.method_of_access not in MethodOfAccess.values:
        raise ValidationError({"method_of_access": "Not a known method of access."})
    if referral.source == ReferralSource.OTHER_AGENCY and not referral.referring_agency.strip():
        raise ValidationError({"referring_agency": "Name the referring agency."})
    if referral.priority not in Priority.values:
        raise ValidationError({"priority": "Not a known priority."})


@transaction.atomic
def referral_create(*, participant: Participant, programme: ProgrammeType, source: str,
                    referred_on: dt.date, referring_agency: str = "",
                    priority: str = Priority.STANDARD, method_of_access: str = "",
                    by: User | None = None) -> Referral:
    """Record a referral (`method_of_access`: how it came in; blank is "not recorded").
    Programmes that need an assessment open one; others put the
    participant straight on the programme's waiting list (drop-ins and one-offs have none)."""
    referral = Referral(participant=participant, programme=programme, source=source,
                        referred_on=referred_on, referring_agency=referring_agency.strip(),
                        priority=priority, method_of_access=method_of_access, created_by=by,
                        is_repeat=is_repeat_referral(participant=participant,
                                                     referred_on=referred_on, source=source))
    _check_referral(referral)
    referral.save()
    if programme.requires_assessment:
        Assessment.objects.create(referral=referral)
        _set_status(referral, ReferralStatus.ASSESSMENT)
    elif programme.delivery not in NO_WAITING_LIST:
        waiting_list_add(referral=referral)
        _set_status(referral, ReferralStatus.WAITING)
    return referral


def _set_status(referral: Referral, status: str) -> None:
    referral.status = status
    referral.save(update_fields=["status"])


@transaction.atomic
def assessment_record(*, assessment: Assessment, sessions_held: int, did_not_attend: int,
                      outcome: str, outcome_reason: str = "", decided_on: dt.date | None = None,
                      by: User | None = None, expected_version: str | None = None) -> Assessment:
    """Record assessment one-to-ones held and missed, and the decision once made. A form
    someone else has overtaken (`expected_version`) is refused, not overwritten."""
    assessment = Assessment.objects.select_for_update().select_related("referral").get(
        pk=assessment.pk)
    if expected_version is not None and expected_version != assessment_version(assessment):
        raise ValidationError({"version": "Someone else recorded this assessment since you "
                                          "opened the form. Reload it to see their changes."})
    if outcome not in AssessmentOutcome.values:
        raise ValidationError({"outcome": "Not a known outcome."})
    if outcome == AssessmentOutcome.UNSUITABLE and not outcome_reason.strip():
        raise ValidationError({"outcome_reason": "Say why the participant is unsuitable."})
    if assessment.outcome != AssessmentOutcome.PENDING and outcome != assessment.outcome:
        raise ValidationError({"outcome": "The assessment has already been decided."})
    assessment.sessions_held, assessment.did_not_attend = sessions_held, did_not_attend
    assessment.outcome, assessment.outcome_reason = outcome, outcome_reason.strip()
    if outcome != AssessmentOutcome.PENDING:
        assessment.decided_on, assessment.decided_by = decided_on or dt.date.today(), by
    assessment.full_clean()
    assessment.save()
    _after_decision(assessment)
    return assessment


def assessment_version(assessment: Assessment) -> str:
    facts = (assessment.sessions_held, assessment.did_not_attend, assessment.outcome,
             assessment.outcome_reason, assessment.decided_on)
    return hashlib.sha256(repr(facts).encode()).hexdigest()[:16]


def _after_decision(assessment: Assessment) -> None:
    referral = assessment.referral
    if referral.status != ReferralStatus.ASSESSMENT:
        return
    if assessment.outcome == AssessmentOutcome.SUITABLE:
        waiting_list_add(referral=referral)
        _set_status(referral, ReferralStatus.WAITING)
    elif assessment.outcome == AssessmentOutcome.UNSUITABLE:
        _set_status(referral, ReferralStatus.CLOSED)


def referral_version(referral: Referral) -> str:
    """A fingerprint of what the referral's edit form shows (refuses overtaken edits)."""
    facts = (referral.source, referral.referring_agency, referral.referred_on, referral.priority,
             referral.status)
    return hashlib.sha256(repr(facts).encode()).hexdigest()[:16]


# Once on the waiting list, its order is changed there (a move with a reason), not here.
QUEUE_FIELDS = ("referred_on", "priority")


@transaction.atomic
def referral_update(*, referral: Referral, source: str, referred_on: dt.date,
                    referring_agency: str = "", priority: str = Priority.STANDARD,
                    expected_version: str | None = None) -> Referral:
    """Correct a referral's source, agency, date or priority (not its programme)."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if expected_version is not None and expected_version != referral_version(locked):
        raise ValidationError({"version": "Someone else changed this referral since you opened "
                                          "the form. Reload it to see their changes."})
    changes = {"referred_on": referred_on, "priority": priority}
    if locked.status not in (ReferralStatus.OPEN, ReferralStatus.ASSESSMENT):
        moved = [f for f in QUEUE_FIELDS if getattr(locked, f) != changes[f]]
        if moved:
            raise ValidationError({f: "Already on the waiting list or closed: move the entry "
                                      "on the waiting list instead, with a reason."
                                   for f in moved})
    locked.source, locked.referring_agency = source, referring_agency.strip()
    locked.referred_on, locked.priority = referred_on, priority
    _check_referral(locked)
    locked.full_clean()
    locked.save()
    return locked
