"""Who is on which run, and the history of every change of status."""

from django.conf import settings
from django.db import models

from programmes.enums import EnrolmentStatus, TransitionReason


class Enrolment(models.Model):
    participant = models.ForeignKey("programmes.Participant", on_delete=models.PROTECT,
                                    related_name="enrolments")
    run = models.ForeignKey("programmes.GroupRun", on_delete=models.PROTECT,
                            related_name="enrolments")
    status = models.CharField(max_length=16, choices=EnrolmentStatus.choices,
                              default=EnrolmentStatus.ENROLLED)
    # Sessions before this moment are "not expected" for a late joiner, never absences.
    joined_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)
    # Completion is derived from marks; an override needs a reason and is audited.
    completion_override = models.BooleanField(null=True, blank=True)
    override_reason = models.CharField(max_length=300, blank=True)
    # A commissioner's spot purchase of this place; none: the run's funder.
    funder = models.ForeignKey("scheduler.Funder", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="enrolments")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["run", "participant__known_as"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "run"], name="enrolment_unique"),
        ]
        indexes = [models.Index(fields=["run", "status"], name="enrolment_run_status_idx")]

    def __str__(self) -> str:
        return f"{self.participant} on {self.run}"


class EnrolmentEvent(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=16, choices=EnrolmentStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=EnrolmentStatus.choices)
    reason_code = models.CharField(max_length=24, choices=TransitionReason.choices, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"
