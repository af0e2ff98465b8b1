"""Expanding a group run's rule into concrete dates, in Europe/London wall-clock time.

Pure functions over plain values. The rule carries no DTSTART: we pass an aware local start,
and dateutil keeps the wall-clock time of each occurrence, so a weekly 10:00 session is at
10:00 before and after the clocks change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import holidays
from dateutil.rrule import DAILY, rrule, rruleset
from recurrence import Recurrence, Rule, deserialize, serialize

from scheduler.platform.timezones import LONDON

HORIZON_DAYS = 366  # a target that cannot be met within a year is refused

# Given a date, why nothing meets then (or None when it is open).
ClosedReason = Callable[[dt.date], "str | None"]


class PlanError(ValueError):
    """Bad input to a plan, with the field it concerns."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Skipped:
    day: dt.date
    reason: str


@dataclass(frozen=True)
class Plan:
    starts: tuple[dt.datetime, ...]  # aware, Europe/London
    skipped: tuple[Skipped, ...]

    @property
    def dates(self) -> list[dt.date]:
        return [start.date() for start in self.starts]


WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def plain_rule(*, weekdays: list[int], every_weeks: int = 1) -> str:
    """The stored rule for plain words: "every (other) week on these weekdays" (0 = Monday)."""
    if not weekdays or any(not 0 <= d <= 6 for d in weekdays):
        raise PlanError("weekdays", "Choose at least one weekday")
    if every_weeks not in (1, 2):
        raise PlanError("every_weeks", "Every week or every fortnight")
    days = ",".join(WEEKDAY_CODES[d] for d in sorted(set(weekdays)))
    interval = ";INTERVAL=2" if every_weeks == 2 else ""
    return f"RRULE:FREQ=WEEKLY{interval};BYDAY={days}"


def as_recurrence(rule: Recurrence | str) -> Recurrence:
    """A copy of the rule that never counts DTSTART as an occurrence by itself. A bare
    "FREQ=..." (no "RRULE:" prefix) is read as the rule it plainly is."""
    text = rule if isinstance(rule, str) else serialize(rule)
    if text.strip().upper().startswith("FREQ="):
        text = "RRULE:" + text.strip()
    if not text.strip():
        raise PlanError("rule", "Give a recurrence rule, e.g. RRULE:FREQ=WEEKLY;BYDAY=TU")
    try:
        recurrence = deserialize(text, include_dtstart=False)
    except Exception as exc:  # django-recurrence raises several types on bad text
        raise PlanError("rule", "This is not a valid recurrence rule") from exc
    if any(r.freq > DAILY for r in [*recurrence.rrules, *recurrence.exrules]):
        # Hourly or finer rules make no sense for groups and could expand to millions.
        raise PlanError("rule", "Use a daily, weekly, monthly or yearly rule")
    return recurrence


def local_start(day: dt.date, at: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, at, tzinfo=LONDON)


def _local(moment: dt.datetime) -> dt.datetime:
    """Naive values in a rule are London wall-clock times (RECURRENCE_USE_TZ=False)."""
    return moment.replace(tzinfo=LONDON) if moment.tzinfo is None else moment.astimezone(LONDON)


def _bounded(rule: Rule, dtstart: dt.datetime, dtend: dt.datetime) -> rrule:
    # A COUNT ends the rule by itself; dateutil deprecates COUNT together with UNTIL.
    return rule.to_dateutil_rrule(dtstart) if rule.count else rule.to_dateutil_rrule(dtstart, dtend)


def _ruleset(recurrence: Recurrence, dtstart: dt.datetime, dtend: dt.datetime) -> rruleset:
    # Built here rather than by Recurrence.to_dateutil_rruleset, which adds dtend as an RDATE.
    found = rruleset()
    for rule in recurrence.rrules:
        found.rrule(_bounded(rule, dtstart, dtend))
    for rule in recurrence.exrules:
        found.exrule(_bounded(rule, dtstart, dtend))
    for moment in recurrence.rdates:
        found.rdate(_local(moment))
    for moment in recurrence.exdates:
        found.exdate(_local(moment))
    return found


def occurrences(rule: Recurrence | str, *, start_date: dt.date, start_time: dt.time,
                until: dt.date) -> Iterator[dt.datetime]:
    """Every start the rule yields from start_date to until (inclusive), aware local times."""
    dtstart = local_start(start_date, start_time)
    dtend = local_start(until, dt.time.max)
    for start in _ruleset(as_recurrence(rule), dtstart, dtend):
        if start > dtend:
            return
        if start >= dtstart:
            yield start


def _rule_ends_before(recurrence: Recurrence, start_date: dt.date) -> bool:
    untils = [r.until for r in recurrence.rrules if r.until is not None]
    return bool(untils) and max(u.date() for u in untils) < start_date


def plan_dates(*, rule: Recurrence | str, start_date: dt.date, start_time: dt.time, target: int,
               closed: ClosedReason = lambda day: None, after: dt.datetime | None = None,
               horizon_days: int = HORIZON_DAYS) -> Plan:
    """The first `target` open occurrences, extending past closures; skipped dates with reasons.

    `after` drops occurrences at or before it (regenerating only the future of a run).
    """
    if target < 1:
        raise PlanError("target_sessions", "The target must be at least one session")
    recurrence = as_recurrence(rule)
    if _rule_ends_before(recurrence, start_date):
        raise PlanError("rule", "The rule ends before the start date")
    until = start_date + dt.timedelta(days=horizon_days)
    starts: list[dt.datetime] = []
    skipped: list[Skipped] = []
    seen = 0
    for start in occurrences(recurrence, start_date=start_date, start_time=start_time,
                             until=until):
        seen += 1
        if after is not None and start <= after:
            continue
        reason = closed(start.date())
        if reason:
            skipped.append(Skipped(start.date(), reason))
            continue
        starts.append(start)
        if len(starts) == target:
            return Plan(tuple(starts), tuple(skipped))
    if seen == 0:
        raise PlanError("rule", "The rule yields no dates within a year of the start date")
    raise PlanError("target_sessions",
                    f"Only {len(starts)} of {target} sessions fit within a year of the start date")


# --- closures --------------------------------------------------------------------------------

@lru_cache(maxsize=32)
def _bank_holidays_in(year: int) -> dict[dt.date, str]:
    return dict(holidays.UK(subdiv="ENG", years=year).items())


def bank_holidays(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """England & Wales bank holidays (substitute days included) from start to end inclusive."""
    found: dict[dt.date, str] = {}
    for year in range(start.year, end.year + 1):
        found.update({d: n for d, n in _bank_holidays_in(year).items() if start <= d <= end})
    return found


@dataclass(frozen=True)
class TermSpan:
    name: str
    starts_on: dt.date
    ends_on: dt.date
    half_term_starts_on: dt.date | None = None
    half_term_ends_on: dt.date | None = None

    def reason(self, day: dt.date) -> str | None:
        """None when the day is a teaching day of this term; a reason when it is half-term."""
        hs, he = self.half_term_starts_on, self.half_term_ends_on
        if hs and he and hs <= day <= he:
            return f"Half-term ({self.name})"
        return None


@dataclass(frozen=True)
class ClosureIndex:
    """Every reason a date may be closed: bank holidays, closures, and (optionally) terms."""

    days: dict[dt.date, str]  # bank holidays and closure days, one reason per day
    terms: tuple[TermSpan, ...] | None = None  # None: the run ignores school terms

    def __call__(self, day: dt.date) -> str | None:
        if day in self.days:
            return self.days[day]
        if self.terms is None:
            return None
        term = next((t for t in self.terms if t.starts_on <= day <= t.ends_on), None)
        return "School holiday" if term is None else term.reason(day)


def closure_days(ranges: list[tuple[dt.date, dt.date, str]]) -> dict[dt.date, str]:
    """Inclusive date ranges with a reason, spread into one entry per day (first wins)."""
    days: dict[dt.date, str] = {}
    for start, end, reason in ranges:
        day = start
        while day <= end:
            days.setdefault(day, reason)
            day += dt.timedelta(days=1)
    return days
