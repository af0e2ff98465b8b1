"""Reading school terms from .ics files: holidays left out, half-terms placed in their term, and
any text whatever either read or refused with a field error (never an exception a page would
turn into a 500)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.calendar.ical import MAX_ICS_CHARS, events_left_out, parse_terms
from tests.scheduler.test_desk_pages import TERMS_ICS

LINES = st.sampled_from([
    "BEGIN:VCALENDAR", "END:VCALENDAR", "BEGIN:VEVENT", "END:VEVENT", "VERSION:2.0",
    "SUMMARY:Autumn term", "SUMMARY:Half term", "SUMMARY:Christmas holiday",
    "DTSTART;VALUE=DATE:20260903", "DTEND;VALUE=DATE:20261218", "DTSTART:20261026T000000Z",
    "DTEND;VALUE=DATE:20261026", "DTSTART;VALUE=DATE:2026", "DTSTART;TZID=Nowhere:20260903T09",
    "RRULE:FREQ=WEEKLY", "BEGIN:VTIMEZONE", "END:VTIMEZONE", " folded", ":", ";;", "X-A:\u00e9"])


def test_holidays_are_left_out_and_the_half_term_lands_in_its_term():
    [term] = parse_terms(TERMS_ICS)
    assert (term.name, term.season) == ("Spring term 2027", "spring")
    assert (term.starts_on, term.ends_on) == (dt.date(2027, 1, 4), dt.date(2027, 3, 26))
    assert (term.half_term_starts_on, term.half_term_ends_on) == (
        dt.date(2027, 2, 15), dt.date(2027, 2, 19))
    assert [name for name, *_ in events_left_out(TERMS_ICS)] == ["Easter holiday"]


def test_a_file_over_the_bound_is_refused():
    with pytest.raises(ValidationError):
        parse_terms(TERMS_ICS + " " * MAX_ICS_CHARS)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=25) | st.text(max_size=300))
def test_any_text_is_read_or_refused_with_a_field_error(lines):
    text = "\n".join(lines) if isinstance(lines, list) else lines
    try:
        terms = parse_terms(text)
        events_left_out(text)
    except ValidationError as exc:
        assert list(exc.message_dict) == ["ics"]
    else:
        assert all(t.starts_on <= t.ends_on for t in terms)
