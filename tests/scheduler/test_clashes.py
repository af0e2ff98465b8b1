"""Pure clash rules: each rule firing, and back-to-back sessions never clashing."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from scheduler.calendar.clashes import (
    BLOCK,
    WARN,
    Availability,
    Link,
    Slot,
    check,
    redacted,
)
from scheduler.platform.timezones import LONDON

TUE_10 = dt.datetime(2026, 11, 3, 10, tzinfo=LONDON)
HOUR = dt.timedelta(hours=1)


def slot(key: str, start: dt.datetime = TUE_10, hours: int = 2, **kw) -> Slot:  # type: ignore[no-untyped-def]
    defaults = {"run_id": int(key[1:]), "room_id": None, "venue_id": 1}
    return Slot(key=key, starts_at=start, ends_at=start + hours * HOUR, **{**defaults, **kw})


def rules(clashes) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return sorted((c.rule, c.severity) for c in clashes)


def test_same_room_overlapping_is_a_blocking_clash():
    found = check([slot("s1", room_id=7), slot("s2", TUE_10 + HOUR, room_id=7)])

    assert rules(found) == [("room_overlap", BLOCK)]


def test_same_room_back_to_back_is_not_a_clash():
    assert check([slot("s1", room_id=7), slot("s2", TUE_10 + 2 * HOUR, room_id=7)]) == []


def test_same_facilitator_overlapping_at_another_venue_is_a_blocking_clash():
    found = check([slot("s1", facilitator_ids=frozenset({5}), venue_id=1),
                   slot("s2", TUE_10 + HOUR, facilitator_ids=frozenset({5}), venue_id=2)])

    assert rules(found) == [("facilitator_overlap", BLOCK)]


def test_same_facilitator_back_to_back_is_not_a_clash():
    found = check([slot("s1", facilitator_ids=frozenset({5})),
                   slot("s2", TUE_10 + 2 * HOUR, facilitator_ids=frozenset({5}))])

    assert found == []


def test_facilitator_outside_working_hours_or_on_leave_is_a_warning():
    tuesday_mornings = Availability(hours={1: ((dt.time(9), dt.time(12)),)})
    on_leave = Availability(leave=((dt.date(2026, 11, 2), dt.date(2026, 11, 6)),))
    evening = slot("s1", TUE_10 + 8 * HOUR, facilitator_ids=frozenset({5}))
    morning = slot("s2", facilitator_ids=frozenset({5}))

    assert rules(check([evening], availability={5: tuesday_mornings})) == [
        ("facilitator_unavailable", WARN)]
    assert check([morning], availability={5: tuesday_mornings}) == []
    assert "on leave" in check([morning], availability={5: on_leave})[0].message


def test_room_smaller_than_the_group_is_a_warning():
    assert rules(check([slot("s1", room_capacity=8, run_capacity=12)])) == [
        ("room_capacity", WARN)]
    assert check([slot("s1", room_capacity=12, run_capacity=12)]) == []


def test_keep_apart_people_at_the_same_venue_within_the_buffer_clash():
    a = slot("s1", participant_ids=frozenset({10}))
    b = slot("s2", TUE_10 + 2 * HOUR + 30 * dt.timedelta(minutes=1),
             participant_ids=frozenset({20}))  # starts 30 min after a ends

    found = check([a, b], links=[Link(10, 20, 60, link_id=3)])

    assert rules(found) == [("keep_apart", BLOCK)]
    assert found[0].restricted and "10" in found[0].detail


def test_keep_apart_beyond_the_buffer_or_at_another_venue_is_not_a_clash():
    a = slot("s1", participant_ids=frozenset({10}))
    later = slot("s2", TUE_10 + 3 * HOUR, participant_ids=frozenset({20}))  # 60 min gap
    elsewhere = slot("s3", participant_ids=frozenset({20}), venue_id=2)

    assert check([a, later, elsewhere], links=[Link(10, 20, 60)]) == []


def test_ended_link_is_simply_not_passed_and_redaction_hides_the_people():
    a = slot("s1", participant_ids=frozenset({10, 20}))
    clash = check([a], links=[Link(10, 20)])[0]

    assert redacted(clash).detail == "" and "keep-apart" in redacted(clash).message


def test_check_involving_keeps_only_clashes_touching_those_slots():
    slots = [slot("s1", room_id=7), slot("s2", room_id=7), slot("p1", room_id=8)]

    assert check(slots, involving={"p1"}) == []


@given(start_minute=st.integers(0, 60 * 24 * 365), length=st.integers(1, 300),
       gap=st.integers(0, 300))
def test_sessions_that_do_not_overlap_never_clash(start_minute, length, gap):
    start = dt.datetime(2026, 1, 1, tzinfo=LONDON) + dt.timedelta(minutes=start_minute)
    first = Slot("s1", 1, start, start + dt.timedelta(minutes=length), room_id=1,
                 facilitator_ids=frozenset({1}))
    second_start = first.ends_at + dt.timedelta(minutes=gap)
    second = Slot("s2", 2, second_start, second_start + dt.timedelta(minutes=length),
                  room_id=1, facilitator_ids=frozenset({1}))

    assert check([first, second]) == []


@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 600), st.integers(1, 240)),
                max_size=12))
def test_room_clashes_match_a_brute_force_pairwise_check(specs):
    base = dt.datetime(2026, 3, 29, tzinfo=LONDON)  # the spring clock change
    slots = [Slot(f"s{n}", n, base + dt.timedelta(minutes=start),
                  base + dt.timedelta(minutes=start + length), room_id=room)
             for n, (room, start, length) in enumerate(specs)]

    found = {frozenset((c.key, c.other)) for c in check(slots)}

    expected = {frozenset((a.key, b.key)) for i, a in enumerate(slots) for b in slots[i + 1:]
                if a.room_id == b.room_id and a.starts_at < b.ends_at
                and b.starts_at < a.ends_at}
    assert found == expected
