"""Registers and marks: the source of truth for starters, completers and outputs."""

from django.conf import settings
from django.db import models


class MarkStatus(models.TextChoices):
    PRESENT = "present", "Present"
    LATE = "late", "Late"
    ABSENT = "absent", "Absent"
    EXCUSED = "excused", "Absent with apology"

    @classmethod
    def attended(cls) -> set[str]:
        return {cls.PRESENT, cls.LATE}


class Register(models.Model):
    """A session's register once taken; marks may be corrected afterwards."""

    session = models.OneToOneField("scheduler.Session", on_delete=models.CASCADE,
                                   related_name="register")
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    taken_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Register for {self.session}"


class Mark(models.Model):
    session = models.ForeignKey("scheduler.Session", on_delete=models.CASCADE,
                                related_name="marks")
    enrolment = models.ForeignKey("programmes.Enrolment", on_delete=models.CASCADE,
                                  related_name="marks")
    status = models.CharField(max_length=10, choices=MarkStatus.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()
    # A tablet offline may send the same mark twice; the nonce makes the replay a no-op.
    client_nonce = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="mark_unique"),
        ]
        indexes = [
            # completion: all marks of one enrolment
            models.Index(fields=["enrolment", "session"], name="mark_enrolment_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}@{self.session_id}: {self.status}"


class MarkRevision(models.Model):
    """Every mark as submitted, oldest first: the audit trail, and the nonces already applied.

    A tablet that was offline replays its queue when back online; a nonce found here has
    been applied before, so replaying it must neither duplicate nor overwrite a newer mark.
    """

    session = models.ForeignKey("scheduler.Session", on_delete=models.CASCADE,
                                related_name="+")
    enrolment = models.ForeignKey("programmes.Enrolment", on_delete=models.CASCADE,
                                  related_name="+")
    status = models.CharField(max_length=10, choices=MarkStatus.choices)
    client_nonce = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()
    applied = models.BooleanField(help_text="False when a newer mark was already in place")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_at", "id"]
        indexes = [
            # register_submit: which of this session's nonces were seen already
            models.Index(fields=["session", "client_nonce"], name="markrev_session_nonce_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}@{self.session_id}: {self.status} ({self.client_nonce})"


class ComputationStatus(models.TextChoices):
    COMPUTING = "computing", "Computing"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class ReturnComputation(models.Model):
    """One run of the quarterly return, computed off the request path (attendance.tasks).

    `report` holds the published (suppressed) figures only, never per-person rows."""

    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    threshold = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=ComputationStatus.choices,
                              default=ComputationStatus.COMPUTING)
    report = models.JSONField(null=True, blank=True)
    definitions_version = models.CharField(max_length=20, blank=True)
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # return_latest: the newest computation of one quarter at one threshold
            models.Index(fields=["year", "quarter", "threshold", "-requested_at"],
                         name="returncomp_quarter_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.year} Q{self.quarter} ({self.status})"


class PublishedReturn(models.Model):
    """A quarter's return as a manager published it: frozen, with its definitions version.

    Later register changes never alter it; they show as revisions against it."""

    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    threshold = models.PositiveSmallIntegerField()
    report = models.JSONField()
    definitions_version = models.CharField(max_length=20)
    computed_at = models.DateTimeField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="published_return_once"),
        ]

    def __str__(self) -> str:
        return f"{self.year} Q{self.quarter} published {self.published_at:%Y-%m-%d}"
