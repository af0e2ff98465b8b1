"""When a reminder or a notice goes: the latest safe moment on the day its policy names.

Pure functions over plain values, property-tested with hypothesis. A *slot* is one reminder a
policy asks for ("the day before", "the same morning", "N hours before"): a local day, the
span of that day texts may go in (never at night, never within MIN_LEAD of the session), and
the moment the reminder is due. A reminder goes at the LATEST safe moment at or before its due
time; if none is left, at the earliest safe moment after it, still inside the span (the same
day). No safe moment in the span: no text, and the outbox says why.

Every span lies inside DAY_OPENS..DAY_CLOSES of one London day, and the clocks change at 01:00
or 02:00, so inside a span wall time maps to instants one to one (no gap, no fold).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from notifications.safety import Window
from scheduler.platform.timezones import LONDON

DAY_OPENS = dt.time(8, 0)  # no text before 08:00 or after 21:00: a buzz at night is noticed
DAY_CLOSES = dt.time(21, 0)
MIN_LEAD = dt.timedelta(hours=1)  # a reminder less than an hour before is no reminder
SEND_MARGIN = dt.timedelta(minutes=15)  # the window must stay open this long after the moment
MINUTE = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class Policy:
    day_before: bool = True
    same_morning: bool = False
    hours_before: int | None = None


@dataclass(frozen=True)
class Slot:
    name: str  # "day_before", "same_morning", "hours_before"
    opens: dt.datetime
    due: dt.datetime
    closes: dt.datetime

    @property
    def day(self) -> dt.date:
        return self.opens.astimezone(LONDON).date()


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=LONDON)


def _floor_minute(when: dt.datetime) -> dt.datetime:
    return when.replace(second=0, microsecond=0)


def _slot(name: str, day: dt.date, due: dt.datetime, session_start: dt.datetime) -> Slot:
    opens = _at(day, DAY_OPENS)
    closes = _floor_minute(min(_at(day, DAY_CLOSES), session_start - MIN_LEAD))
    return Slot(name, opens, min(max(due, opens), closes), closes)


def policy_slots(policy: Policy, session_start: dt.datetime) -> list[Slot]:
    """The reminders a policy asks for before this session (empty spans included: they are
    reported as suppressed, not silently dropped)."""
    day = session_start.astimezone(LONDON).date()
    slots = []
    if policy.day_before:
        before = day - dt.timedelta(days=1)
        slots.append(_slot("day_before", before, session_start - dt.timedelta(days=1),
                           session_start))
    if policy.same_morning:
        slots.append(_slot("same_morning", day, _at(day, dt.time(12, 0)), session_start))
    if policy.hours_before:
        due = session_start - dt.timedelta(hours=policy.hours_before)
        slots.append(_slot("hours_before", due.astimezone(LONDON).date(), due, session_start))
    return slots


def _safe_intervals(windows: Sequence[Window], day: dt.date) -> list[tuple[dt.datetime,
                                                                           dt.datetime]]:
    """[first, last] safe moments per window of that day; the whole day when none recorded."""
    if not windows:
        return [(_at(day, dt.time(0, 0)), _at(day, dt.time(23, 59)))]
    intervals = []
    for w in windows:
        if w.weekday != day.weekday():
            continue
        first, end = _at(day, w.start), _at(day, w.end)
        intervals.append((first, max(first, end - SEND_MARGIN)))
    return intervals


def _clip(windows: Sequence[Window], day: dt.date, low: dt.datetime,
          high: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    clipped = []
    for first, last in _safe_intervals(windows, day):
        lo, hi = max(first, low), min(last, high)
        if lo <= hi:
            clipped.append((lo, hi))
    return clipped


def latest_safe_moment(windows: Sequence[Window], slot: Slot,
                       now: dt.datetime) -> dt.datetime | None:
    """The latest safe moment not after the due time, else the earliest after it, inside the
    slot's span and not before `now`. None: no safe moment is left."""
    low = max(slot.opens, _ceil_minute(now))
    if low > slot.closes:
        return None
    before = _clip(windows, slot.day, low, slot.due)
    if before:
        return max(hi for _, hi in before)
    after = _clip(windows, slot.day, max(low, slot.due), slot.closes)
    return min(lo for lo, _ in after) if after else None


def _ceil_minute(when: dt.datetime) -> dt.datetime:
    floored = _floor_minute(when)
    return floored if floored == when else floored + MINUTE


def notice_send_time(windows: Sequence[Window], now: dt.datetime,
                     session_start: dt.datetime) -> dt.datetime | None:
    """A session-change notice is urgent: the EARLIEST safe moment from now, in the day hours
    of any day up to the session, never at or after its start."""
    return earliest_safe_moment(windows, now, session_start - MINUTE)


def earliest_safe_moment(windows: Sequence[Window], now: dt.datetime,
                         until: dt.datetime) -> dt.datetime | None:
    """The first safe moment from `now` to `until`, in the day hours of each day between (also
    used at send time, when a message's window closed before a worker reached it)."""
    day = now.astimezone(LONDON).date()
    while day <= until.astimezone(LONDON).date():
        found = _clip(windows, day, max(_at(day, DAY_OPENS), _ceil_minute(now)),
                      _floor_minute(min(_at(day, DAY_CLOSES), until)))
        if found:
            return min(lo for lo, _ in found)
        day += dt.timedelta(days=1)
    return None
