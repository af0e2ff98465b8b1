"""Staff roles: one per user. Every permission group in `permissions` is built from these."""

from django.db import models


class Role(models.TextChoices):
    FACILITATOR = "facilitator", "Facilitator"
    COORDINATOR = "coordinator", "Coordinator"
    CRECHE_WORKER = "creche_worker", "Crèche worker"
    MANAGER = "manager", "Manager"
    ADMIN = "admin", "Administrator"
