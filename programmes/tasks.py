"""Scheduled work for the programmes app (django-q2): thin wrappers around services."""

from __future__ import annotations

from programmes.services import offers_expire


def expire_offers() -> int:
    """Close offers past their expiry so their places return to the waiting list.

    Idempotent (a re-run finds nothing open and expired). Capacity never depends on this
    having run: an expired open offer holds no place (programmes/services/capacity.py)."""
    return offers_expire()
