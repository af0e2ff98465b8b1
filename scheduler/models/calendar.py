"""Group-run schedules and the concrete sessions they produce."""

from django.conf import settings
from django.db import models
from recurrence.fields import RecurrenceField

from scheduler.calendar.enums import SessionKind, SessionStatus


class Schedule(models.Model):
    """How a run recurs, in Europe/London wall-clock time.

    The rule is stored without DTSTART (see docs/architecture.md): expansion passes an aware
    local start, so a weekly 10:00 session stays at 10:00 across the clock changes.
    """

    run = models.OneToOneField("programmes.GroupRun", on_delete=models.CASCADE,
                               related_name="schedule")
    rule = RecurrenceField(include_dtstart=False)
    start_date = models.DateField()
    start_time = models.TimeField()
    duration_minutes = models.PositiveIntegerField(default=120)
    target_sessions = models.PositiveIntegerField()
    # School terms to follow: dates outside their terms, and half-terms, are skipped.
    calendars = models.ManyToManyField("scheduler.TermCalendar", blank=True, related_name="+")

    def __str__(self) -> str:
        return f"Schedule for {self.run}"


class Session(models.Model):
    run = models.ForeignKey("programmes.GroupRun", on_delete=models.CASCADE,
                            related_name="sessions")
    room = models.ForeignKey("scheduler.Room", on_delete=models.PROTECT, related_name="sessions",
                             null=True, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    number = models.PositiveIntegerField(help_text="1-based position within the run")
    kind = models.CharField(max_length=12, choices=SessionKind.choices, default=SessionKind.GROUP)
    topic = models.ForeignKey("programmes.Topic", on_delete=models.SET_NULL, null=True, blank=True)
    status = models.CharField(max_length=12, choices=SessionStatus.choices,
                              default=SessionStatus.SCHEDULED)
    cancel_reason = models.CharField(max_length=200, blank=True)
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE")

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                   name="session_ends_after_start"),
        ]
        indexes = [
            # sessions_between(): the calendar and reports filter by a date range
            models.Index(fields=["starts_at"], name="session_starts_idx"),
            # a run's sessions in order (registers, completion)
            models.Index(fields=["run", "starts_at"], name="session_run_starts_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.run} #{self.number}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED


class ChangeKind(models.TextChoices):
    MOVED = "moved", "Moved"
    CANCELLED = "cancelled", "Cancelled"
    ADDED = "added", "Added"


class SessionChange(models.Model):
    """One change to a published session; notifications turn these into notices."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    old_starts_at = models.DateTimeField(null=True, blank=True)
    old_ends_at = models.DateTimeField(null=True, blank=True)
    new_starts_at = models.DateTimeField(null=True, blank=True)
    new_ends_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        # notifications: changes made since the last sweep
        indexes = [models.Index(fields=["at"], name="sessionchange_at_idx")]

    def __str__(self) -> str:
        return f"{self.kind} session {self.session_id}"
