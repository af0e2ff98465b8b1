"""Choices shared across apps (kept here to avoid circular imports)."""

from django.db import models


class Role(models.TextChoices):
    FACILITATOR = "facilitator", "Facilitator"
    COORDINATOR = "coordinator", "Coordinator"
    CRECHE_WORKER = "creche_worker", "Crèche worker"
    MANAGER = "manager", "Manager"
    ADMIN = "admin", "Administrator"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class SessionKind(models.TextChoices):
    GROUP = "group", "Group session"
    CATCH_UP = "catch_up", "Catch-up"
    EXTRA = "extra", "Extra session"
