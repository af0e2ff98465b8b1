"""Pure crèche rules (EYFS group settings, England): ratios, first aid, the 2-hour flag, hours.

Plain functions over plain values (dates, datetimes, small dataclasses) so they can be
property-tested without a database. Sources: domain.md §2.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

# Children per adult, by age band on the day (EYFS statutory framework for group settings).
UNDER_TWO_PER_ADULT = 3
AGED_TWO_PER_ADULT = 5  # since September 2023 (was 4)
THREE_PLUS_PER_ADULT = 8
THREE_PLUS_PER_ADULT_LEVEL_6 = 13  # a level-6 qualified person works directly with the children
FIRST_AID_RENEWAL_YEARS = 3
# A crèche need not register with Ofsted while no child stays more than 2 hours a day.
OFSTED_DAILY_LIMIT = dt.timedelta(hours=2)


class AgeBand(enum.StrEnum):
    UNDER_TWO = "under_2"
    AGED_TWO = "aged_2"
    THREE_PLUS = "3_plus"

    @property
    def label(self) -> str:
        return {"under_2": "Under 2", "aged_2": "Aged 2", "3_plus": "3 and over"}[self.value]


def age_in_months(date_of_birth: dt.date, on: dt.date) -> int:
    """Whole months completed on the day; the birthday itself counts.

    A child born on 29 February turns a year older on 1 March in other years (UK practice).
    """
    months = (on.year - date_of_birth.year) * 12 + (on.month - date_of_birth.month)
    return months - 1 if on.day < date_of_birth.day else months


def age_in_years(date_of_birth: dt.date, on: dt.date) -> int:
    return age_in_months(date_of_birth, on) // 12


def age_band(date_of_birth: dt.date, on: dt.date) -> AgeBand:
    years = age_in_years(date_of_birth, on)
    if years < 2:
        return AgeBand.UNDER_TWO
    if years == 2:
        return AgeBand.AGED_TWO
    return AgeBand.THREE_PLUS


def children_per_adult(band: AgeBand, *, level_6_present: bool = False) -> int:
    if band is AgeBand.UNDER_TWO:
        return UNDER_TWO_PER_ADULT
    if band is AgeBand.AGED_TWO:
        return AGED_TWO_PER_ADULT
    return THREE_PLUS_PER_ADULT_LEVEL_6 if level_6_present else THREE_PLUS_PER_ADULT


def required_staff(bands: Iterable[AgeBand], *, level_6_present: bool = False,
                   min_staff: int = 0) -> int:
    """Adults needed for these children together.

    Each child needs a fraction of an adult: 1/3 under two, 1/5 aged two, 1/8 aged three and
    over (1/13 with a level-6 qualified person working directly with the children). The
    fractions are summed exactly (no rounding per band, which would over-count mixed groups;
    no best-case pooling, which would under-count them) and rounded up. With any child
    present the answer is at least `min_staff` (our default policy of two, configurable) and
    at least one; with no children it is 0. Adding a child never lowers the answer.
    """
    need = sum((Fraction(1, children_per_adult(b, level_6_present=level_6_present))
                for b in bands), Fraction(0))
    if need == 0:
        return 0
    return max(math.ceil(need), min_staff, 1)


def first_aid_valid(expires: dt.date | None, on: dt.date) -> bool:
    """A certificate counts on every day up to and including its expiry date."""
    return expires is not None and on <= expires


def first_aid_expiry(certified_on: dt.date) -> dt.date:
    """The last valid day of a certificate gained on `certified_on` (renewed every 3 years)."""
    try:
        anniversary = certified_on.replace(year=certified_on.year + FIRST_AID_RENEWAL_YEARS)
    except ValueError:  # 29 February: the anniversary falls on 1 March
        anniversary = dt.date(certified_on.year + FIRST_AID_RENEWAL_YEARS, 3, 1)
    return anniversary - dt.timedelta(days=1)


@dataclass(frozen=True)
class StaffMember:
    first_aid_expires: dt.date | None = None
    level_6_qualified: bool = False


@dataclass(frozen=True)
class RatioStatus:
    children: int
    staff: int
    required: int
    first_aider_present: bool
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.warnings


def ratio_status(*, children: Sequence[dt.date], staff: Sequence[StaffMember], on: dt.date,
                 min_staff: int) -> RatioStatus:
    """Whether these children (dates of birth) may be cared for by these staff on `on`."""
    level_6 = any(member.level_6_qualified for member in staff)
    bands = [age_band(dob, on) for dob in children]
    required = required_staff(bands, level_6_present=level_6, min_staff=min_staff)
    first_aider = any(first_aid_valid(m.first_aid_expires, on) for m in staff)
    warnings = []
    if len(staff) < required:
        warnings.append(f"{required} staff needed for {len(children)} children; "
                        f"{len(staff)} on duty.")
    if children and not first_aider:
        warnings.append("No member of staff on duty holds a current paediatric first aid "
                        "certificate.")
    return RatioStatus(children=len(children), staff=len(staff), required=required,
                       first_aider_present=first_aider, warnings=warnings)


Interval = tuple[dt.datetime, dt.datetime | None]


def time_on_day(intervals: Iterable[Interval], *, day_start: dt.datetime,
                day_end: dt.datetime, now: dt.datetime) -> dt.timedelta:
    """Total time inside [day_start, day_end); an open interval runs until `now`."""
    total = dt.timedelta(0)
    for start, end in intervals:
        total += _overlap(start, end or now, day_start, day_end)
    return total


def over_daily_limit(intervals: Iterable[Interval], *, day_start: dt.datetime,
                     day_end: dt.datetime, now: dt.datetime,
                     limit: dt.timedelta = OFSTED_DAILY_LIMIT) -> bool:
    """True when a child's time signed in on one day exceeds the limit (Ofsted flag)."""
    return time_on_day(intervals, day_start=day_start, day_end=day_end, now=now) > limit


def _overlap(start: dt.datetime, end: dt.datetime, lo: dt.datetime,
             hi: dt.datetime) -> dt.timedelta:
    return max(dt.timedelta(0), min(end, hi) - max(start, lo))


@dataclass(frozen=True)
class CrecheHours:
    sessions: int
    opening_hours: float
    child_hours: float
    children: int

    def as_dict(self) -> dict[str, float | int]:
        return {"sessions": self.sessions, "opening_hours": self.opening_hours,
                "child_hours": self.child_hours, "children": self.children}


def creche_hours(*, openings: Iterable[tuple[dt.datetime, dt.datetime]],
                 stays: Iterable[tuple[object, dt.datetime, dt.datetime]],
                 start: dt.datetime, end: dt.datetime) -> CrecheHours:
    """Opening hours and child-hours inside [start, end), each clipped to the window.

    `openings` are crèche sessions (starts, ends); `stays` are (child key, arrived, left).
    """
    opening = dt.timedelta(0)
    sessions = 0
    for opens, closes in openings:
        part = _overlap(opens, closes, start, end)
        if part:
            sessions += 1
            opening += part
    child_time = dt.timedelta(0)
    children = set()
    for child, arrived, left in stays:
        part = _overlap(arrived, left, start, end)
        if part:
            children.add(child)
            child_time += part
    return CrecheHours(sessions=sessions, opening_hours=_hours(opening),
                       child_hours=_hours(child_time), children=len(children))


def _hours(delta: dt.timedelta) -> float:
    return round(delta.total_seconds() / 3600, 2)
