"""Making a published value safe for a spreadsheet cell, and telling numbers from markers.

Labels in a return come from provider-typed data (venues, localities), so a label such as
"=HYPERLINK(...)" must reach a spreadsheet as text, never as a formula: any text whose first
character (ignoring leading spaces) a spreadsheet may read as the start of a formula gets a
leading apostrophe (OWASP's advice for CSV injection). Counts are ASCII digits only:
`"²".isdigit()` is True but `int("²")` fails, so `str.isdigit` is never used here.
"""

from __future__ import annotations

import re

# "=", "+", "-", "@", tab, CR, LF, and their full-width and small-form twins.
FORMULA_LEADS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b")
# What openpyxl refuses (IllegalCharacterError) plus lone surrogates, which no XML can hold.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NUMBER = re.compile(r"(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,10})?", re.ASCII)
EXCEL_CELL_LIMIT = 32_767


def neutralised(text: str) -> str:
    """`text` as a spreadsheet shows it as text: an apostrophe before a formula lead."""
    stripped = text.lstrip(" \u00a0\u3000")
    if stripped[:1] in FORMULA_LEADS or text[:1] in FORMULA_LEADS:
        return "'" + text
    return text


def xlsx_text(text: str) -> str:
    """Text openpyxl accepts and Excel opens: no illegal control characters, within the cell
    limit, neutralised against formulas."""
    return neutralised(_ILLEGAL.sub("", text))[:EXCEL_CELL_LIMIT]


def number(value: str) -> int | float | None:
    """A published count or amount ("12", "3.5") as a number; None for a marker or a label."""
    if not _NUMBER.fullmatch(value):
        return None
    return float(value) if "." in value else int(value)


def xlsx_value(value: str) -> str | int | float:
    """Numbers as numbers (so they sum); "<5", "*", "–" and labels as safe text."""
    found = number(value)
    return xlsx_text(value) if found is None else found
