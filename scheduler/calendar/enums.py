"""Choices of the calendar domain."""

from django.db import models


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class SessionKind(models.TextChoices):
    GROUP = "group", "Group session"
    CATCH_UP = "catch_up", "Catch-up"
    EXTRA = "extra", "Extra session"


class LocationType(models.TextChoices):
    """What kind of place a venue is: training & awareness is counted by it (seed 000 §8)."""

    COMMUNITY = "community", "Community venue"
    SCHOOL = "school", "School or college"
    GP = "gp", "GP surgery or health centre"
    HOSPITAL = "hospital", "Hospital"
    POLICE = "police", "Police or criminal justice"
    COUNCIL = "council", "Council or social care"
    WORKPLACE = "workplace", "Workplace"
    REFUGE = "refuge", "Refuge or provider's own premises"
    OTHER = "other", "Other"
