"""When a facilitator can work: weekly hours and leave. No rows means no restriction."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class FacilitatorHours(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="working_hours")
    weekday = models.PositiveSmallIntegerField(help_text="0 = Monday … 6 = Sunday")
    starts_at = models.TimeField()
    ends_at = models.TimeField()

    class Meta:
        ordering = ["user", "weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")),
                                   name="hours_end_after_start"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="hours_weekday_range"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} day {self.weekday} {self.starts_at}–{self.ends_at}"


class FacilitatorLeave(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="leave")
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["user", "starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                   name="leave_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"Leave {self.user_id} {self.starts_on}–{self.ends_on}"
