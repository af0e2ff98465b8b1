"""Registers and marks: the source of truth for starters, completers and outputs."""

from django.conf import settings
from django.db import models


class MarkStatus(models.TextChoices):
    PRESENT = "present", "Present"
    LATE = "late", "Late"
    ABSENT = "absent", "Absent"
    EXCUSED = "excused", "Absent with apology"
    LEFT_EARLY = "left_early", "Left early"

    @classmethod
    def attended(cls) -> set[str]:
        """Those who came, if only for part of the session."""
        return {cls.PRESENT, cls.LATE, cls.LEFT_EARLY}


class RegisterSource(models.TextChoices):
    TABLET = "tablet", "Tablet or browser"
    PAPER = "paper", "Paper sign-in sheet, entered later"


class Register(models.Model):
    """A session's register once taken; marks may be corrected afterwards."""

    session = models.OneToOneField("scheduler.Session", on_delete=models.CASCADE,
                                   related_name="register")
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="+")
    taken_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)
    source = models.CharField(max_length=8, choices=RegisterSource.choices,
                              default=RegisterSource.TABLET)

    def __str__(self) -> str:
        return f"Register for {self.session}"


class Mark(models.Model):
    # No index of their own: `mark_unique` leads with the session and `mark_enrolment_idx`
    # with the enrolment, and each index more is one more write on every tap.
    session = models.ForeignKey("scheduler.Session", on_delete=models.CASCADE,
                                related_name="marks", db_index=False)
    enrolment = models.ForeignKey("programmes.Enrolment", on_delete=models.CASCADE,
                                  related_name="marks", db_index=False)
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

    # No index of its own: `markrev_session_nonce_idx` leads with the session.
    session = models.ForeignKey("scheduler.Session", on_delete=models.CASCADE,
                                related_name="+", db_index=False)
    enrolment = models.ForeignKey("programmes.Enrolment", on_delete=models.CASCADE,
                                  related_name="+")
    status = models.CharField(max_length=10, choices=MarkStatus.choices)
    client_nonce = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()
    applied = models.BooleanField(help_text="False when a newer mark was already in place")
    received_at = models.DateTimeField(auto_now_add=True)
    # Amendments: the mark this one replaced, and, once the register is locked, why.
    previous_status = models.CharField(max_length=10, choices=MarkStatus.choices, blank=True)
    after_lock = models.BooleanField(default=False,
                                     help_text="Changed after the register locked")
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["received_at", "id"]
        indexes = [
            # register_submit: which of this session's nonces were seen already
            models.Index(fields=["session", "client_nonce"], name="markrev_session_nonce_idx"),
            # the manager's list of revisions to locked registers, newest first
            models.Index(fields=["after_lock", "-received_at"], name="markrev_after_lock_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}@{self.session_id}: {self.status} ({self.client_nonce})"


class Headcount(models.Model):
    """People at a drop-in who gave no name: counted, never named."""

    session = models.OneToOneField("scheduler.Session", on_delete=models.CASCADE,
                                   related_name="headcount")
    count = models.PositiveSmallIntegerField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.count} unnamed at {self.session_id}"


class WalkInStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a coordinator"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class WalkIn(models.Model):
    """Someone not enrolled who came to a rolling group: a coordinator confirms (enrolment
    through programmes' rules: capacity, keep-apart) or rejects; only then is she marked."""

    session = models.ForeignKey("scheduler.Session", on_delete=models.CASCADE,
                                related_name="walk_ins")
    participant = models.ForeignKey("programmes.Participant", on_delete=models.PROTECT,
                                    related_name="+")
    status = models.CharField(max_length=10, choices=WalkInStatus.choices,
                              default=WalkInStatus.PENDING)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="walkin_unique"),
        ]
        indexes = [
            # the coordinators' list of walk-ins waiting for a decision
            models.Index(fields=["status", "recorded_at"], name="walkin_status_idx"),
        ]

    def __str__(self) -> str:
        return f"walk-in {self.participant_id}@{self.session_id}: {self.status}"


class FollowUpKind(models.TextChoices):
    ABSENT = "absent", "Absent without apologies"
    FIRST_NO_SHOW = "first_no_show", "Did not come to a first session"
    AT_RISK = "at_risk", "At risk of not completing"
    CANNOT_COMPLETE = "cannot_complete", "Can no longer complete"


class FollowUpOutcome(models.TextChoices):
    CONTACTED_SAFE = "contacted_safe", "Contacted and safe"
    NOT_REACHED = "not_reached", "Could not reach"
    WITHDREW = "withdrew", "Withdrew"
    CATCH_UP = "catch_up", "Catch-up arranged"
    NO_ACTION = "no_action", "No action needed"


class FollowUp(models.Model):
    """Someone a coordinator should check on after a register (derived from marks)."""

    session = models.ForeignKey("scheduler.Session", on_delete=models.CASCADE, related_name="+")
    enrolment = models.ForeignKey("programmes.Enrolment", on_delete=models.CASCADE,
                                  related_name="+")
    kind = models.CharField(max_length=16, choices=FollowUpKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=16, choices=FollowUpOutcome.choices, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment", "kind"],
                                    name="followup_unique"),
        ]
        indexes = [
            # the coordinators' open list, oldest first
            models.Index(fields=["resolved_at", "created_at"], name="followup_open_idx"),
        ]

    def __str__(self) -> str:
        return f"follow-up {self.kind} {self.enrolment_id}@{self.session_id}"


class PartnerAlertKind(models.TextChoices):
    MISSED = "missed", "Missed a session"
    LEFT_EARLY = "left_early", "Left a session early"
    REMOVED = "removed", "Removed from the programme"


class PartnerAlert(models.Model):
    """Tells a partner-support worker, in the product (never by SMS), that the perpetrator
    she follows missed or left a session or was removed. Status only: no detail."""

    link = models.ForeignKey("programmes.PartnerSupportLink", on_delete=models.CASCADE,
                             related_name="+")
    session = models.ForeignKey("scheduler.Session", on_delete=models.CASCADE,
                                related_name="+", null=True, blank=True)
    kind = models.CharField(max_length=12, choices=PartnerAlertKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["link", "session", "kind"],
                                    name="partneralert_unique"),
            models.UniqueConstraint(fields=["link", "kind"], condition=models.Q(session=None),
                                    name="partneralert_unique_removed"),
        ]

    def __str__(self) -> str:
        return f"partner alert {self.kind} link={self.link_id}"


class RegistersDigest(models.Model):
    """The daily digest of registers not taken: counts by facilitator id (ids, no names)."""

    day = models.DateField(unique=True)
    overdue = models.PositiveIntegerField()
    by_facilitator = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.overdue} registers not taken on {self.day}"
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
    # The cut (attendance.scope.ReturnScope.key): "" for the whole return.
    scope = models.CharField(max_length=60, blank=True, default="")
    status = models.CharField(max_length=10, choices=ComputationStatus.choices,
                              default=ComputationStatus.COMPUTING)
    report = models.JSONField(null=True, blank=True)
    definitions_version = models.CharField(max_length=20, blank=True)
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # return_latest: the newest computation of one quarter, threshold and cut
            models.Index(fields=["year", "quarter", "threshold", "scope", "-requested_at"],
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


class StoredExport(models.Model):
    """A quarter's return stored as the files a manager downloads (attendance.stored_exports):
    made by the scheduled task once the quarter has ended, and again once it is published.
    Aggregates only: the same suppressed figures as the report."""

    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    threshold = models.PositiveIntegerField()
    published = models.BooleanField(default=False)
    definitions_version = models.CharField(max_length=20)
    computed_at = models.DateTimeField()
    created_at = models.DateTimeField()
    xlsx = models.BinaryField()
    csv = models.TextField()

    class Meta:
        constraints = [
            # One export per quarter before publication and one of the published snapshot.
            models.UniqueConstraint(fields=["year", "quarter", "threshold", "published"],
                                    name="stored_export_once"),
        ]
        indexes = [
            # stored_exports_page: newest quarter first
            models.Index(fields=["-year", "-quarter"], name="storedexport_quarter_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.label} export{' (published)' if self.published else ''}"

    @property
    def label(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d} Q{self.quarter}"


class PopulationCharacteristic(models.TextChoices):
    """The characteristics the dashboard sets reach against (the return's first four)."""

    SEX = "sex", "Sex"
    AGE = "age", "Age"
    ETHNIC_GROUP = "ethnic_group", "Ethnic group"
    DISABILITY = "disability", "Disability"


class PopulationFigure(models.Model):
    """How many residents of a locality fall in one category of a characteristic, as the
    provider gives it (e.g. from the ONS Census 2021). Public statistics, not personal data:
    the dashboard divides starters by them (attendance.population). Written only through
    `population_set`."""

    locality = models.ForeignKey("scheduler.Locality", on_delete=models.CASCADE,
                                 related_name="population_figures")
    characteristic = models.CharField(max_length=20, choices=PopulationCharacteristic.choices)
    category = models.CharField(max_length=80)  # the label the return's table prints
    residents = models.PositiveIntegerField()
    source = models.CharField(max_length=120, blank=True)
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        ordering = ["locality", "characteristic", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["locality", "characteristic", "category"],
                                    name="population_figure_once"),
        ]

    def __str__(self) -> str:
        return f"{self.locality_id} · {self.characteristic} · {self.category}"
