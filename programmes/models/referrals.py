"""Referrals into a programme and the pre-group assessment that some programmes need."""

from django.conf import settings
from django.db import models

from programmes.enums import (
    AssessmentOutcome,
    MethodOfAccess,
    Priority,
    ReferralSource,
    ReferralStatus,
)
from scheduler.platform.crypto import EncryptedCharField


class Referral(models.Model):
    participant = models.ForeignKey("programmes.Participant", on_delete=models.PROTECT,
                                    related_name="referrals")
    programme = models.ForeignKey("programmes.ProgrammeType", on_delete=models.PROTECT,
                                  related_name="referrals")
    source = models.CharField(max_length=16, choices=ReferralSource.choices)
    referring_agency = models.CharField(max_length=160, blank=True)
    # How it came in (seed 003 "method of access"); blank: not recorded (older referrals).
    method_of_access = models.CharField(max_length=12, choices=MethodOfAccess.choices,
                                        blank=True)
    referred_on = models.DateField()
    priority = models.CharField(max_length=10, choices=Priority.choices,
                                default=Priority.STANDARD)
    status = models.CharField(max_length=12, choices=ReferralStatus.choices,
                              default=ReferralStatus.OPEN)
    # Set when it was received: the participant had another referral in the previous 12 months.
    is_repeat = models.BooleanField(default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-referred_on", "-id"]
        indexes = [
            # repeat-referral detection: one participant's referrals by date
            models.Index(fields=["participant", "referred_on"], name="referral_participant_idx"),
        ]

    def __str__(self) -> str:
        return f"Referral {self.pk}"


class Assessment(models.Model):
    """A pre-group assessment: several one-to-ones, then suitable or unsuitable."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE,
                                    related_name="assessment")
    sessions_held = models.PositiveSmallIntegerField(default=0)
    # Seed 003: 42–54 % non-attendance at assessments, so it is counted, not just noted.
    did_not_attend = models.PositiveSmallIntegerField(default=0)
    outcome = models.CharField(max_length=12, choices=AssessmentOutcome.choices,
                               default=AssessmentOutcome.PENDING)
    outcome_reason = EncryptedCharField(max_length=300, blank=True)  # may hold a disclosure
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    def __str__(self) -> str:
        return f"Assessment for referral {self.referral_id}"
