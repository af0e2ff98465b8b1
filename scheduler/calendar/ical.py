"""iCalendar in and out: session feeds, and school-term calendars imported from .ics files.

Feeds carry no participant data and never a venue's address (a confidential venue is not
even named). Times are written with TZID=Europe/London and a VTIMEZONE.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar, Event, Timezone

from scheduler.calendar.enums import SessionStatus
from scheduler.models import Season, Session
from scheduler.platform.timezones import LONDON

UID_DOMAIN = "groupwork"
MAX_ICS_CHARS = 200_000  # a school's term dates are a few KB; pages and the API share it


def session_uid(session: Session) -> str:
    return f"session-{session.pk}@{UID_DOMAIN}"


def _location(session: Session) -> str:
    venue = session.run.venue
    if venue.is_confidential:
        return "Confidential venue"
    return f"{venue.name}, {session.room.name}" if session.room else venue.name


def _event(session: Session, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", session_uid(session))
    event.add("dtstamp", stamp)
    event.add("dtstart", session.starts_at.astimezone(LONDON))
    event.add("dtend", session.ends_at.astimezone(LONDON))
    event.add("summary", f"{session.run.name} – session {session.number}")
    event.add("location", _location(session))
    event.add("sequence", session.sequence)
    cancelled = session.status == SessionStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if session.topic:
        event.add("description", session.topic.title)
    return event


def feed_calendar(sessions: Iterable[Session], *, name: str) -> bytes:
    """sessions need run__venue, room and topic loaded."""
    calendar = Calendar()
    calendar.add("prodid", "-//Groupwork//Calendar feed//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    stamp = timezone.now()
    for session in sessions:
        calendar.add_component(_event(session, stamp))
    calendar.add_component(Timezone.from_tzid("Europe/London"))
    return calendar.to_ical()


# --- import of school terms ------------------------------------------------------------------

@dataclass(frozen=True)
class ImportedTerm:
    season: str
    name: str
    starts_on: dt.date
    ends_on: dt.date
    half_term_starts_on: dt.date | None = None
    half_term_ends_on: dt.date | None = None


def _season(day: dt.date) -> str:
    if day.month >= 8:
        return Season.AUTUMN
    return Season.SPRING if day.month <= 3 else Season.SUMMER


def _span(event: Any) -> tuple[str, dt.date, dt.date]:
    start = event.decoded("dtstart")
    end = event.decoded("dtend", None) or start
    start_day = start.date() if isinstance(start, dt.datetime) else start
    end_day = end.date() if isinstance(end, dt.datetime) else end - dt.timedelta(days=1)
    return str(event.get("summary", "")), start_day, max(end_day, start_day)


HOLIDAY_WORDS = ("holiday", "break", "closed", "closure", "inset", "training day")


def _is_half_term(summary: str) -> bool:
    return "half" in summary.lower()


def _is_holiday(summary: str) -> bool:
    """School holidays, bank holidays and INSET days are the gaps between terms: the planner
    already skips every date outside a term, so these events are not imported."""
    return not _is_half_term(summary) and any(w in summary.lower() for w in HOLIDAY_WORDS)


def _spans(text: str) -> list[tuple[str, dt.date, dt.date]]:
    if len(text) > MAX_ICS_CHARS:
        raise ValidationError({"ics": "The file is larger than 200 KB"})
    try:
        return [_span(e) for e in Calendar.from_ical(text).walk("VEVENT")]
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        raise ValidationError({"ics": "This is not a readable iCalendar file"}) from exc


def parse_terms(text: str) -> list[ImportedTerm]:
    """Events named "... half term ..." are half-terms; holidays are left out (see
    `_is_holiday`); every other event is a term.

    All-day DTEND is exclusive (RFC 5545), so a term's last day is the day before it.
    """
    spans = _spans(text)
    halves = [s for s in spans if _is_half_term(s[0])]
    terms = sorted((s for s in spans if s not in halves and not _is_holiday(s[0])),
                   key=lambda s: s[1])
    if not terms:
        raise ValidationError({"ics": "No terms found in the file"})
    found = []
    for name, start, end in terms:
        half = next(((hs, he) for _, hs, he in halves if start <= hs <= end), (None, None))
        found.append(ImportedTerm(_season(start), name.strip()[:60] or f"Term {start:%Y}",
                                  start, end, *half))
    return found


def events_left_out(text: str) -> list[tuple[str, dt.date, dt.date]]:
    """The events parse_terms does not import, for the preview: holidays, and half-terms that
    fall in no term."""
    spans = _spans(text)
    terms = [s for s in spans if not _is_half_term(s[0]) and not _is_holiday(s[0])]
    return [s for s in spans if _is_holiday(s[0]) or (
        _is_half_term(s[0]) and not any(t[1] <= s[1] <= t[2] for t in terms))]
