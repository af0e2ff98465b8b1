"""Validators for what people type, shared by models, forms and API schemas.

- Bidirectional control characters (U+202A–U+202E, U+2066–U+2069, and the invisible marks
  U+200E/U+200F/U+061C) can make a name display as something else — "Sam" typed with a
  right-to-left override can read as another person's name on a register or a collection list.
  They are refused, never silently kept.
- A date of birth must be plausible for a person alive today: not in the future and at most
  120 years ago. 0001-01-01 and 9999-12-31 are typing slips, not people.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                          "\u200e\u200f\u061c")
OLDEST_AGE_YEARS = 120


def has_bidi_controls(value: str) -> bool:
    return any(char in BIDI_CONTROLS for char in value)


def refuse_bidi_controls(value: str) -> None:
    if has_bidi_controls(value):
        raise ValidationError("Remove the hidden text-direction characters from this name.",
                              code="bidi_control")


def birth_date_problem(value: dt.date, today: dt.date) -> str | None:
    """Why this date of birth cannot be right, or None when it is plausible."""
    if value > today:
        return "A date of birth cannot be in the future."
    if value.year < today.year - OLDEST_AGE_YEARS:
        return f"A date of birth more than {OLDEST_AGE_YEARS} years ago cannot be right."
    return None


def plausible_birth_date(value: dt.date) -> None:
    problem = birth_date_problem(value, timezone.localdate())
    if problem:
        raise ValidationError(problem, code="implausible_birth_date")
