"""Choices of the calendar domain."""

from django.db import models


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class SessionKind(models.TextChoices):
    GROUP = "group", "Group session"
    CATCH_UP = "catch_up", "Catch-up"
    EXTRA = "extra", "Extra session"
