"""Who may take a place: a programme's referral and pre-group-assessment requirements."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from programmes.enums import AssessmentOutcome, EntryStatus, ReferralStatus
from programmes.models import Participant, ProgrammeType, Referral, WaitingListEntry


def check_eligible(*, participant: Participant | int, programme: ProgrammeType) -> None:
    """Raise unless the programme's referral / assessment requirements are met (both are
    flags a provider edits: the Freedom Programme, for one, requires neither)."""
    referrals = Referral.objects.filter(participant=participant, programme=programme)
    if programme.requires_referral and not referrals.exclude(
            status=ReferralStatus.CLOSED).exists():
        raise ValidationError({"participant_id": "This programme needs a referral first."})
    if programme.requires_assessment and not referrals.filter(
            assessment__outcome=AssessmentOutcome.SUITABLE).exists():
        raise ValidationError({"participant_id": "This programme needs a suitable pre-group "
                                                 "assessment first."})


def waiting_entries_placed(*, participant_id: int, programme_id: int) -> None:
    """Once enrolled, the participant no longer waits for this programme."""
    WaitingListEntry.objects.filter(participant_id=participant_id, programme_id=programme_id,
                                    status=EntryStatus.WAITING).update(status=EntryStatus.PLACED,
                                                                       left_at=timezone.now())
