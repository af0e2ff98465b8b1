"""Scheduled by setup_schedules: thin, takes nothing, calls the service."""

from __future__ import annotations

from scheduler.privacy.services import retention_apply


def apply_retention() -> dict[str, int]:
    """Daily: purge, blank and anonymise what the retention policy says (counts returned)."""
    return retention_apply()
