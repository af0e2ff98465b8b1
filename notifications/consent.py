"""Consent to texts: the wordings read to participants, and when consent must be re-confirmed.

Pure. A wording, once used, is never edited: add a new version and make it current, so the
history says exactly what each person agreed to.
"""

from __future__ import annotations

import datetime as dt

CONSENT_WORDINGS = {
    "2026-1": ("We would like to send you short texts before sessions, only at the times you "
               "tell us are safe, never naming us or what the session is about. You can reply "
               "STOP at any time, or tell any of us. Is that all right, and is this number yours "
               "alone?"),
}
CURRENT_WORDING = "2026-1"


def renewal_due_at(given_at: dt.datetime, period_days: int) -> dt.datetime:
    return given_at + dt.timedelta(days=period_days)


def renewal_due(given_at: dt.datetime | None, period_days: int, now: dt.datetime) -> bool:
    """Consent older than the period pauses texts until staff confirm it again."""
    return given_at is not None and renewal_due_at(given_at, period_days) <= now
