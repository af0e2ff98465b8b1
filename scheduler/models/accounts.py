"""Staff accounts: one role per user, and bearer tokens for API clients."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models

from scheduler.platform.roles import Role


class User(AbstractUser):
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.FACILITATOR)

    def has_role(self, *roles: str) -> bool:
        return self.is_active and (self.role in roles or self.is_superuser)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A per-user bearer token. Only its SHA-256 is stored; the raw value is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)  # look-up by presented token
    prefix = models.CharField(max_length=8)  # shown in admin to tell tokens apart
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
