"""Clash rules over plain values: the same checks run in previews, on every save and in the API.

A slot is one session (saved or planned). Intervals are half-open, so back-to-back sessions
(one ends when the next starts) never clash. Keep-apart clashes are *restricted*: the people
and the reason are shown to coordinators only (see `redacted`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from scheduler.platform.timezones import LONDON

BLOCK = "block"  # refuses the save
WARN = "warn"  # shown, may be accepted


@dataclass(frozen=True)
class Slot:
    key: str  # "s<id>" for a saved session, "p<n>" for a planned one
    run_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    room_id: int | None = None
    venue_id: int | None = None
    room_capacity: int | None = None
    run_capacity: int = 0
    facilitator_ids: frozenset[int] = frozenset()
    participant_ids: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Availability:
    """Weekly working spans (weekday → spans; empty = no restriction) and leave ranges."""

    hours: Mapping[int, tuple[tuple[dt.time, dt.time], ...]] = field(default_factory=dict)
    leave: tuple[tuple[dt.date, dt.date], ...] = ()


@dataclass(frozen=True)
class Link:
    a: int
    b: int
    buffer_minutes: int = 60
    link_id: int = 0


@dataclass(frozen=True)
class Clash:
    rule: str
    severity: str
    key: str
    other: str | None
    message: str
    restricted: bool = False
    detail: str = ""  # coordinators only when restricted
    link_id: int = 0  # the keep-apart link behind a keep_apart clash (restricted too)
    person_id: int = 0  # the facilitator behind a facilitator clash (pages name her)


def overlaps(a: Slot, b: Slot, pad: dt.timedelta = dt.timedelta(0)) -> bool:
    return a.starts_at - pad < b.ends_at and b.starts_at - pad < a.ends_at


def _overlapping_pairs(slots: Iterable[Slot]) -> Iterable[tuple[Slot, Slot]]:
    """Sweep in start order, keeping only slots still running."""
    active: list[Slot] = []
    for slot in sorted(slots, key=lambda s: (s.starts_at, s.key)):
        active = [a for a in active if a.ends_at > slot.starts_at]
        for earlier in active:
            yield earlier, slot
        active.append(slot)


def room_clashes(slots: Iterable[Slot]) -> list[Clash]:
    by_room: dict[int, list[Slot]] = defaultdict(list)
    for slot in slots:
        if slot.room_id is not None:
            by_room[slot.room_id].append(slot)
    return [Clash("room_overlap", BLOCK, a.key, b.key, "The room is already booked at this time")
            for group in by_room.values() for a, b in _overlapping_pairs(group)]


def facilitator_clashes(slots: Iterable[Slot]) -> list[Clash]:
    by_person: dict[int, list[Slot]] = defaultdict(list)
    for slot in slots:
        for person in slot.facilitator_ids:
            by_person[person].append(slot)
    return [Clash("facilitator_overlap", BLOCK, a.key, b.key,
                  f"Facilitator {person} is facilitating another session at this time",
                  person_id=person)
            for person, group in sorted(by_person.items())
            for a, b in _overlapping_pairs(group)]


def _unavailable_reason(slot: Slot, availability: Availability) -> str | None:
    start, end = slot.starts_at.astimezone(LONDON), slot.ends_at.astimezone(LONDON)
    if any(first <= start.date() <= last for first, last in availability.leave):
        return "on leave"
    if not availability.hours:
        return None
    spans = availability.hours.get(start.weekday(), ())
    within = start.date() == end.date() and any(
        s <= start.time() and end.time() <= e for s, e in spans)
    return None if within else "outside working hours"


def availability_clashes(slots: Iterable[Slot],
                         availability: Mapping[int, Availability]) -> list[Clash]:
    found = []
    for slot in slots:
        for person in sorted(slot.facilitator_ids):
            reason = _unavailable_reason(slot, availability.get(person, Availability()))
            if reason:
                found.append(Clash("facilitator_unavailable", WARN, slot.key, None,
                                   f"Facilitator {person} is {reason}", person_id=person))
    return found


def capacity_clashes(slots: Iterable[Slot]) -> list[Clash]:
    return [Clash("room_capacity", WARN, s.key, None,
                  f"The room holds {s.room_capacity}, the group up to {s.run_capacity}")
            for s in slots if s.room_capacity is not None and s.room_capacity < s.run_capacity]


def keep_apart_clashes(slots: Iterable[Slot], links: Iterable[Link]) -> list[Clash]:
    """Two linked people expected at the same venue within the link's buffer of each other."""
    by_person: dict[int, list[Slot]] = defaultdict(list)
    for slot in slots:
        for person in slot.participant_ids:
            by_person[person].append(slot)
    found = []
    for link in links:
        pad = dt.timedelta(minutes=link.buffer_minutes)
        for a in by_person.get(link.a, ()):
            for b in by_person.get(link.b, ()):
                if a.venue_id is not None and a.venue_id == b.venue_id and overlaps(a, b, pad):
                    found.append(Clash(
                        "keep_apart", BLOCK, a.key, b.key,
                        "A keep-apart rule applies at this venue and time (ask a coordinator)",
                        restricted=True,
                        detail=f"Keep-apart link {link.link_id}: participants {link.a} and "
                               f"{link.b} within {link.buffer_minutes} minutes",
                        link_id=link.link_id))
    return found


def check(slots: list[Slot], *, availability: Mapping[int, Availability] | None = None,
          links: Iterable[Link] = (), involving: set[str] | None = None) -> list[Clash]:
    """Every clash among the slots; with `involving`, only those touching one of these keys."""
    found = (room_clashes(slots) + facilitator_clashes(slots)
             + availability_clashes(slots, availability or {}) + capacity_clashes(slots)
             + keep_apart_clashes(slots, links))
    if involving is None:
        return found
    return [c for c in found if c.key in involving or c.other in involving]


def blocking(clashes: Iterable[Clash]) -> list[Clash]:
    return [c for c in clashes if c.severity == BLOCK]


def redacted(clash: Clash) -> Clash:
    """What a facilitator may see: that a restricted rule applies, not who or why."""
    return replace(clash, detail="", link_id=0) if clash.restricted else clash
