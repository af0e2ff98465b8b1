"""When groups do not meet: school terms per locality, organisation and venue closures.

Bank holidays are not stored: they come from the `holidays` package when a plan is made.
"""

from django.db import models
from django.db.models import F, Q


class Season(models.TextChoices):
    AUTUMN = "autumn", "Autumn"
    SPRING = "spring", "Spring"
    SUMMER = "summer", "Summer"


class TermCalendar(models.Model):
    """One area's school terms (they differ per local authority and academy)."""

    name = models.CharField(max_length=120, unique=True)
    locality = models.ForeignKey("scheduler.Locality", on_delete=models.PROTECT,
                                 related_name="term_calendars",
                                 help_text="Local authority / district")

    class Meta:
        ordering = ["locality__name", "name"]

    def __str__(self) -> str:
        return self.name


class Term(models.Model):
    calendar = models.ForeignKey(TermCalendar, on_delete=models.CASCADE, related_name="terms")
    season = models.CharField(max_length=8, choices=Season.choices)
    name = models.CharField(max_length=60, help_text='e.g. "Autumn 2026"')
    starts_on = models.DateField()
    ends_on = models.DateField()
    half_term_starts_on = models.DateField(null=True, blank=True)
    half_term_ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["calendar", "starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                   name="term_ends_after_start"),
            models.CheckConstraint(
                condition=Q(half_term_starts_on__isnull=True)
                | Q(half_term_ends_on__gte=F("half_term_starts_on")),
                name="term_half_term_ordered"),
        ]

    def __str__(self) -> str:
        return self.name


class ClosureKind(models.TextChoices):
    ORGANISATION = "organisation", "Organisation closure"
    VENUE = "venue", "Venue closure"


class Closure(models.Model):
    """Days the whole organisation, or one venue, is closed (inclusive range)."""

    kind = models.CharField(max_length=12, choices=ClosureKind.choices)
    venue = models.ForeignKey("scheduler.Venue", on_delete=models.CASCADE, null=True, blank=True,
                              related_name="closures")
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.CharField(max_length=120)

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                   name="closure_ends_after_start"),
            models.CheckConstraint(
                condition=Q(kind="venue", venue__isnull=False)
                | Q(kind="organisation", venue__isnull=True),
                name="closure_venue_matches_kind"),
        ]
        # closures_between(): plans read closures overlapping a date range
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="closure_range_idx")]

    def __str__(self) -> str:
        return f"{self.reason} ({self.starts_on}–{self.ends_on})"
