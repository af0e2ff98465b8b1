"""Financial quarters: the year runs 1 April – 31 March and is labelled "2026/27"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from scheduler.platform.timezones import LONDON

FIRST_MONTH = {1: 4, 2: 7, 3: 10, 4: 1}  # Q1 Apr–Jun, Q2 Jul–Sep, Q3 Oct–Dec, Q4 Jan–Mar


@dataclass(frozen=True, order=True)
class Quarter:
    year: int  # the financial year's first calendar year: 2026 for 2026/27
    number: int  # 1..4

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        year = day.year if day.month >= 4 else day.year - 1
        return cls(year, (day.month - 4) % 12 // 3 + 1)

    @property
    def financial_year(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def label(self) -> str:
        return f"{self.financial_year} Q{self.number}"

    @property
    def first_day(self) -> dt.date:
        calendar_year = self.year + 1 if self.number == 4 else self.year
        return dt.date(calendar_year, FIRST_MONTH[self.number], 1)

    @property
    def last_day(self) -> dt.date:
        return self.next().first_day - dt.timedelta(days=1)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year,
                                                                           self.number + 1)

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) as aware London datetimes (midnight local, whatever the clocks do)."""
        start = dt.datetime.combine(self.first_day, dt.time.min, tzinfo=LONDON)
        end = dt.datetime.combine(self.next().first_day, dt.time.min, tzinfo=LONDON)
        return start, end


def quarter_from(*, year: int, quarter: int) -> Quarter:
    errors = {}
    if not 2000 <= year <= 2100:
        errors["year"] = "Give the financial year's first year, e.g. 2026 for 2026/27."
    if quarter not in FIRST_MONTH:
        errors["quarter"] = "Quarter is 1 (Apr–Jun), 2 (Jul–Sep), 3 (Oct–Dec) or 4 (Jan–Mar)."
    if errors:
        raise ValidationError(errors)
    return Quarter(year, quarter)


def reportable_quarter(*, year: int, quarter: int, today: dt.date) -> Quarter:
    """A quarter a return can be asked for: a real one that has begun."""
    found = quarter_from(year=year, quarter=quarter)
    if found.first_day > today:
        raise ValidationError({"quarter": f"{found.label} has not begun yet."})
    return found
