"""Demo calendar data: three fictional venues, their rooms, and this year's school terms.

Called by the load_demo_data command; safe to run twice (everything is looked up by name).
Bank holidays are not stored: plans read them from the `holidays` package.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from scheduler.calendar.recurrence import bank_holidays
from scheduler.models import (
    Closure,
    ClosureKind,
    Locality,
    Room,
    Season,
    Term,
    TermCalendar,
    Venue,
)

D = dt.date

VENUES: list[dict[str, Any]] = [
    {"name": "Riverside Community Centre", "locality": "Leicester City",
     "address": "1 Example Wharf, Leicester LE1 0AA", "is_confidential": False,
     "accessibility_notes": "Step-free entrance, hearing loop in the Main Hall.",
     "has_creche_room": True,
     "rooms": [("Main Hall", 20), ("Garden Room", 10), ("Crèche Room", 12)]},
    {"name": "Oakfield Family Hub", "locality": "Rutland",
     "address": "22 Sample Lane, Oakham LE15 0ZZ", "is_confidential": False,
     "accessibility_notes": "First-floor rooms reached by lift.", "has_creche_room": False,
     "rooms": [("Meeting Room 1", 14), ("Meeting Room 2", 8)]},
    {"name": "Safe Harbour House", "locality": "Charnwood",
     "address": "Confidential: ask the coordinator", "is_confidential": True,
     "accessibility_notes": "Ground floor only.", "has_creche_room": True,
     "rooms": [("Lounge", 10), ("Playroom", 8)]},
]

TERM_CALENDAR = ("Leicester City schools 2026/27", "Leicester City")
TERMS = [  # season, name, starts, ends, half-term starts, half-term ends
    (Season.AUTUMN, "Autumn 2026", D(2026, 9, 3), D(2026, 12, 18), D(2026, 10, 26),
     D(2026, 10, 30)),
    (Season.SPRING, "Spring 2027", D(2027, 1, 5), D(2027, 3, 26), D(2027, 2, 15), D(2027, 2, 19)),
    (Season.SUMMER, "Summer 2027", D(2027, 4, 12), D(2027, 7, 21), D(2027, 5, 31), D(2027, 6, 4)),
]
ORGANISATION_CLOSURES = [(D(2026, 12, 24), D(2027, 1, 1), "Winter closure")]


def _venue(spec: dict[str, Any]) -> tuple[Venue, list[Room]]:
    fields = {k: v for k, v in spec.items() if k not in {"name", "rooms"}}
    # The locality lists and lots are seeded by scheduler's migration 0006.
    fields["locality"] = Locality.objects.get_or_create(name=spec["locality"])[0]
    venue, _ = Venue.objects.update_or_create(name=spec["name"], defaults=fields)
    rooms = [Room.objects.update_or_create(venue=venue, name=name,
                                           defaults={"capacity": capacity})[0]
             for name, capacity in spec["rooms"]]
    return venue, rooms


def _terms() -> TermCalendar:
    name, locality = TERM_CALENDAR
    calendar, _ = TermCalendar.objects.get_or_create(
        name=name, defaults={"locality": Locality.objects.get_or_create(name=locality)[0]})
    for season, term_name, starts, ends, hs, he in TERMS:
        Term.objects.update_or_create(calendar=calendar, name=term_name, defaults={
            "season": season, "starts_on": starts, "ends_on": ends,
            "half_term_starts_on": hs, "half_term_ends_on": he})
    return calendar


@transaction.atomic
def seed_demo() -> dict[str, Any]:
    venues, rooms = [], []
    for spec in VENUES:
        venue, venue_rooms = _venue(spec)
        venues.append(venue)
        rooms += venue_rooms
    calendar = _terms()
    closures = [Closure.objects.get_or_create(kind=ClosureKind.ORGANISATION, starts_on=start,
                                              ends_on=end, defaults={"reason": reason})[0]
                for start, end, reason in ORGANISATION_CLOSURES]
    return {"venues": venues, "rooms": rooms, "term_calendars": [calendar],
            "closures": closures,
            "bank_holidays": bank_holidays(TERMS[0][2], TERMS[-1][3])}
