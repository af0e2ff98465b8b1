"""Venues, rooms, school terms and closures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from scheduler.calendar.ical import parse_terms
from scheduler.models import Closure, ClosureKind, Room, Term, TermCalendar, Venue


@transaction.atomic
def venue_create(*, name: str, locality: str, address: str = "", is_confidential: bool = False,
                 accessibility_notes: str = "", has_creche_room: bool = False,
                 rooms: Sequence[dict[str, Any]] = ()) -> Venue:
    if Venue.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": "A venue with this name exists"})
    venue = Venue.objects.create(
        name=name.strip(), locality=locality.strip(), address=address,
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


def _check_range(start: dt.date, end: dt.date, field: str) -> None:
    if end < start:
        raise ValidationError({field: "The end is before the start"})


@transaction.atomic
def term_create(*, calendar_name: str, locality: str, season: str, name: str,
                starts_on: dt.date, ends_on: dt.date, half_term_starts_on: dt.date | None = None,
                half_term_ends_on: dt.date | None = None) -> Term:
    _check_range(starts_on, ends_on, "ends_on")
    if (half_term_starts_on is None) != (half_term_ends_on is None):
        raise ValidationError({"half_term_ends_on": "Give both half-term dates or neither"})
    if half_term_starts_on and half_term_ends_on:
        _check_range(half_term_starts_on, half_term_ends_on, "half_term_ends_on")
        if not starts_on <= half_term_starts_on <= half_term_ends_on <= ends_on:
            raise ValidationError({"half_term_starts_on": "Half-term must fall within the term"})
    calendar, _ = TermCalendar.objects.get_or_create(
        name=calendar_name.strip(), defaults={"locality": locality.strip()})
    if calendar.terms.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
        raise ValidationError({"starts_on": "This term overlaps another in the same calendar"})
    return Term.objects.create(calendar=calendar, season=season, name=name.strip(),
                               starts_on=starts_on, ends_on=ends_on,
                               half_term_starts_on=half_term_starts_on,
                               half_term_ends_on=half_term_ends_on)


def closure_create(*, kind: str, starts_on: dt.date, ends_on: dt.date, reason: str,
                   venue: Venue | None = None) -> Closure:
    _check_range(starts_on, ends_on, "ends_on")
    if (kind == ClosureKind.VENUE) != (venue is not None):
        raise ValidationError({"venue_id": "A venue closure names a venue; others do not"})
    if (ends_on - starts_on).days > 366:
        raise ValidationError({"ends_on": "A closure lasts at most a year"})
    return Closure.objects.create(kind=kind, venue=venue, starts_on=starts_on, ends_on=ends_on,
                                  reason=reason.strip())


def closure_delete(*, closure: Closure) -> None:
    closure.delete()


@transaction.atomic
def terms_import(*, calendar_name: str, locality: str, ics: str) -> list[Term]:
    """School terms from an .ics file into one calendar; all or nothing."""
    return [term_create(calendar_name=calendar_name, locality=locality, season=t.season,
                        name=t.name, starts_on=t.starts_on, ends_on=t.ends_on,
                        half_term_starts_on=t.half_term_starts_on,
                        half_term_ends_on=t.half_term_ends_on)
            for t in parse_terms(ics)]
