"""Venues, rooms, school terms and closures."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from scheduler.calendar.enums import LocationType
from scheduler.calendar.ical import parse_terms
from scheduler.calendar.services.localities import LocalityRef, locality_pick
from scheduler.models import Closure, ClosureKind, Room, Term, TermCalendar, Venue


@transaction.atomic
def venue_create(*, name: str, locality: LocalityRef, address: str = "",
                 is_confidential: bool = False, accessibility_notes: str = "",
                 has_creche_room: bool = False, location_type: str = LocationType.COMMUNITY,
                 rooms: Sequence[dict[str, Any]] = ()) -> Venue:
    """A venue in a locality on the provider's list (the row, its id, or its name with case
    and spacing ignored)."""
    if Venue.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": "A venue with this name exists"})
    if location_type not in LocationType.values:
        raise ValidationError({"location_type": "Not a kind of location."})
    venue = Venue.objects.create(
        name=name.strip(), locality=locality_pick(ref=locality), address=address,
        location_type=location_type,
        is_confidential=is_confidential, accessibility_notes=accessibility_notes,
        has_creche_room=has_creche_room)
    for room in rooms:
        room_create(venue=venue, name=room["name"], capacity=room["capacity"])
    return venue


def room_create(*, venue: Venue, name: str, capacity: int) -> Room:
    if capacity < 1:
        raise ValidationError({"capacity": "A room holds at least one person"})
    try:
        with transaction.atomic():
            return Room.objects.create(venue=venue, name=name.strip(), capacity=capacity)
    except IntegrityError as exc:
        raise ValidationError({"name": "This venue already has a room with this name"}) from exc


# Dates a person may give: date arithmetic (day bounds, horizons) stays in range, so a year
# 9999 is a field error, never a 500. The API's schemas use the same bounds.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2200, 12, 31)


def check_days(**days: dt.date | None) -> None:
    for field, day in days.items():
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise ValidationError({field: "Give a date between 1900 and 2200"})


def _check_range(start: dt.date, end: dt.date, field: str) -> None:
    check_days(starts_on=start, **{field: end})
    if end < start:
        raise ValidationError({field: "The end is before the start"})


def _named_calendar(name: str, locality: LocalityRef | None) -> TermCalendar:
    """The term calendar of this name, made in `locality` if there is none yet. A locality
    given for an existing calendar must be the calendar's own."""
    calendars = TermCalendar.objects.select_related("locality")
    calendar = (calendars.filter(name=name.strip()).first()
                or calendars.filter(name__iexact=name.strip()).first())
    if calendar is None:
        if locality is None:
            raise ValidationError({"locality": "Give the locality of a new term calendar"})
        return calendar_create(name=name, locality=locality)
    if locality is not None and locality_pick(ref=locality) != calendar.locality:
        raise ValidationError({"locality": f"The term calendar “{calendar.name}” is for "
                                           f"{calendar.locality.name}; give that locality "
                                           "or none."})
    return calendar


@transaction.atomic
def term_create(*, calendar_name: str, season: str, name: str, starts_on: dt.date,
                ends_on: dt.date, locality: LocalityRef | None = None,
                half_term_starts_on: dt.date | None = None,
                half_term_ends_on: dt.date | None = None) -> Term:
    """A term in the calendar named (made in `locality` if it does not exist yet)."""
    _check_range(starts_on, ends_on, "ends_on")
    calendar = _named_calendar(calendar_name, locality)
    _check_term(calendar=calendar, starts_on=starts_on, ends_on=ends_on,
                half_term_starts_on=half_term_starts_on, half_term_ends_on=half_term_ends_on)
    return Term.objects.create(calendar=calendar, season=season, name=name.strip(),
                               starts_on=starts_on, ends_on=ends_on,
                               half_term_starts_on=half_term_starts_on,
                               half_term_ends_on=half_term_ends_on)


def _check_closure(*, kind: str, starts_on: dt.date, ends_on: dt.date, reason: str,
                   venue: Venue | None) -> None:
    if kind not in ClosureKind.values:
        raise ValidationError({"kind": "Choose an organisation or a venue closure"})
    _check_range(starts_on, ends_on, "ends_on")
    if (kind == ClosureKind.VENUE) != (venue is not None):
        raise ValidationError({"venue_id": "A venue closure names a venue; others do not"})
    if (ends_on - starts_on).days > 366:
        raise ValidationError({"ends_on": "A closure lasts at most a year"})
    if not reason.strip():
        raise ValidationError({"reason": "Give a reason"})


@transaction.atomic
def closure_create(*, kind: str, starts_on: dt.date, ends_on: dt.date, reason: str,
                   venue: Venue | None = None) -> Closure:
    _check_closure(kind=kind, starts_on=starts_on, ends_on=ends_on, reason=reason, venue=venue)
    return Closure.objects.create(kind=kind, venue=venue, starts_on=starts_on, ends_on=ends_on,
                                  reason=reason.strip())


def closure_delete(*, closure: Closure) -> None:
    closure.delete()


@transaction.atomic
def terms_import(*, calendar_name: str, ics: str,
                 locality: LocalityRef | None = None) -> list[Term]:
    """School terms from an .ics file into one calendar (made in `locality` if it does not
    exist yet); all or nothing."""
    _named_calendar(calendar_name, locality)  # a refused locality is refused for any file
    return [term_create(calendar_name=calendar_name, locality=locality, season=t.season,
                        name=t.name, starts_on=t.starts_on, ends_on=t.ends_on,
                        half_term_starts_on=t.half_term_starts_on,
                        half_term_ends_on=t.half_term_ends_on)
            for t in parse_terms(ics)]


# --- edits from pages: each refuses a form someone else has overtaken ----------------------

STALE = ("Someone else changed this since you opened the form. Reload it to see their "
         "changes.")


def _fingerprint(*facts: object) -> str:
    return hashlib.sha256(repr(facts).encode()).hexdigest()[:16]


def venue_version(venue: Venue) -> str:
    """A fingerprint of what a venue's edit form shows (see programmes' run_version)."""
    return _fingerprint(venue.name, venue.locality_id, venue.address, venue.is_confidential,
                        venue.accessibility_notes, venue.has_creche_room)


def room_version(room: Room) -> str:
    return _fingerprint(room.venue_id, room.name, room.capacity)


def calendar_version(calendar: TermCalendar) -> str:
    return _fingerprint(calendar.name, calendar.locality_id)


def term_version(term: Term) -> str:
    return _fingerprint(term.calendar_id, term.season, term.name, term.starts_on, term.ends_on,
                        term.half_term_starts_on, term.half_term_ends_on)


def closure_fingerprint(kind: str, venue_id: int | None, starts_on: dt.date, ends_on: dt.date,
                        reason: str) -> str:
    return _fingerprint(kind, venue_id, starts_on, ends_on, reason)


def closure_version(closure: Closure) -> str:
    return closure_fingerprint(closure.kind, closure.venue_id, closure.starts_on,
                               closure.ends_on, closure.reason)


def _refuse_stale(expected: str | None, current: str) -> None:
    if expected is not None and expected != current:
        raise ValidationError({"version": STALE})


@transaction.atomic
def venue_update(*, venue: Venue, name: str, locality: LocalityRef, address: str = "",
                 is_confidential: bool = False, accessibility_notes: str = "",
                 has_creche_room: bool = False, expected_version: str | None = None,
                 location_type: str | None = None) -> Venue:
    venue = Venue.objects.select_for_update().get(pk=venue.pk)
    _refuse_stale(expected_version, venue_version(venue))
    if Venue.objects.filter(name__iexact=name.strip()).exclude(pk=venue.pk).exists():
        raise ValidationError({"name": "A venue with this name exists"})
    if not name.strip():
        raise ValidationError({"name": "Give the venue a name"})
    venue.name, venue.address = name.strip(), address.strip()
    venue.locality = locality_pick(ref=locality)
    if location_type is not None:
        if location_type not in LocationType.values:
            raise ValidationError({"location_type": "Not a kind of location."})
        venue.location_type = location_type
    venue.is_confidential, venue.has_creche_room = is_confidential, has_creche_room
    venue.accessibility_notes = accessibility_notes.strip()
    venue.save()
    return venue


@transaction.atomic
def room_update(*, room: Room, name: str, capacity: int,
                expected_version: str | None = None) -> Room:
    room = Room.objects.select_for_update().get(pk=room.pk)
    _refuse_stale(expected_version, room_version(room))
    if capacity < 1:
        raise ValidationError({"capacity": "A room holds at least one person"})
    if not name.strip():
        raise ValidationError({"name": "Give the room a name"})
    if Room.objects.filter(venue_id=room.venue_id, name__iexact=name.strip()).exclude(
            pk=room.pk).exists():
        raise ValidationError({"name": "This venue already has a room with this name"})
    room.name, room.capacity = name.strip(), capacity
    room.save()
    return room


@transaction.atomic
def calendar_create(*, name: str, locality: LocalityRef) -> TermCalendar:
    """A term calendar for a locality on the provider's list."""
    if not name.strip():
        raise ValidationError({"name": "Required"})
    listed = locality_pick(ref=locality)
    if TermCalendar.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": "A term calendar with this name exists"})
    return TermCalendar.objects.create(name=name.strip(), locality=listed)


@transaction.atomic
def calendar_update(*, calendar: TermCalendar, name: str, locality: LocalityRef,
                    expected_version: str | None = None) -> TermCalendar:
    calendar = TermCalendar.objects.select_for_update().get(pk=calendar.pk)
    _refuse_stale(expected_version, calendar_version(calendar))
    if not name.strip():
        raise ValidationError({"name": "Required"})
    listed = locality_pick(ref=locality)
    if TermCalendar.objects.filter(name__iexact=name.strip()).exclude(pk=calendar.pk).exists():
        raise ValidationError({"name": "A term calendar with this name exists"})
    calendar.name, calendar.locality = name.strip(), listed
    calendar.save()
    return calendar


def _check_term(*, calendar: TermCalendar, starts_on: dt.date, ends_on: dt.date,
                half_term_starts_on: dt.date | None, half_term_ends_on: dt.date | None,
                exclude: int | None = None) -> None:
    _check_range(starts_on, ends_on, "ends_on")
    check_days(half_term_starts_on=half_term_starts_on, half_term_ends_on=half_term_ends_on)
    if (half_term_starts_on is None) != (half_term_ends_on is None):
        raise ValidationError({"half_term_ends_on": "Give both half-term dates or neither"})
    if half_term_starts_on and half_term_ends_on:
        _check_range(half_term_starts_on, half_term_ends_on, "half_term_ends_on")
        if not starts_on <= half_term_starts_on <= half_term_ends_on <= ends_on:
            raise ValidationError({"half_term_starts_on": "Half-term must fall within the term"})
    others = calendar.terms.filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise ValidationError({"starts_on": "This term overlaps another in the same calendar"})


@transaction.atomic
def term_add(*, calendar: TermCalendar, season: str, name: str, starts_on: dt.date,
             ends_on: dt.date, half_term_starts_on: dt.date | None = None,
             half_term_ends_on: dt.date | None = None) -> Term:
    """A term in an existing calendar (the page's form; term_create names the calendar)."""
    calendar = TermCalendar.objects.select_for_update().get(pk=calendar.pk)
    _check_term(calendar=calendar, starts_on=starts_on, ends_on=ends_on,
                half_term_starts_on=half_term_starts_on, half_term_ends_on=half_term_ends_on)
    return Term.objects.create(calendar=calendar, season=season, name=name.strip(),
                               starts_on=starts_on, ends_on=ends_on,
                               half_term_starts_on=half_term_starts_on,
                               half_term_ends_on=half_term_ends_on)


@transaction.atomic
def term_update(*, term: Term, season: str, name: str, starts_on: dt.date, ends_on: dt.date,
                half_term_starts_on: dt.date | None = None,
                half_term_ends_on: dt.date | None = None,
                expected_version: str | None = None) -> Term:
    term = Term.objects.select_for_update().select_related("calendar").get(pk=term.pk)
    _refuse_stale(expected_version, term_version(term))
    _check_term(calendar=term.calendar, starts_on=starts_on, ends_on=ends_on,
                half_term_starts_on=half_term_starts_on, half_term_ends_on=half_term_ends_on,
                exclude=term.pk)
    term.season, term.name, term.starts_on, term.ends_on = season, name.strip(), starts_on, ends_on
    term.half_term_starts_on, term.half_term_ends_on = half_term_starts_on, half_term_ends_on
    term.save()
    return term


def term_delete(*, term: Term) -> None:
    term.delete()


class _DryRun(Exception):
    """Raised inside a transaction to roll back a trial import."""

    def __init__(self, terms: list[Term]) -> None:
        super().__init__("dry run")
        self.terms = terms


def terms_import_preview(*, calendar_name: str, ics: str,
                         locality: LocalityRef | None = None) -> list[Term]:
    """What terms_import would create, checked by the very same code and then rolled back:
    unsaved Term objects (or the ValidationError the import would raise)."""
    try:
        with transaction.atomic():
            raise _DryRun(terms_import(calendar_name=calendar_name, locality=locality, ics=ics))
    except _DryRun as trial:
        for term in trial.terms:
            term.pk = None
        return trial.terms


@transaction.atomic
def closure_update(*, closure: Closure, kind: str, starts_on: dt.date, ends_on: dt.date,
                   reason: str, venue: Venue | None = None,
                   expected_version: str | None = None) -> Closure:
    closure = Closure.objects.select_for_update().get(pk=closure.pk)
    _refuse_stale(expected_version, closure_version(closure))
    _check_closure(kind=kind, starts_on=starts_on, ends_on=ends_on, reason=reason, venue=venue)
    closure.kind, closure.venue, closure.reason = kind, venue, reason.strip()
    closure.starts_on, closure.ends_on = starts_on, ends_on
    closure.save()
    return closure
