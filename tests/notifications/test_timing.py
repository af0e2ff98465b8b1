"""When reminders and notices go: property tests against a minute-by-minute oracle, plus the
named cases (window before the due time, only after it, none before the session, clock change).
Pure functions: no database."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from notifications.safety import LONDON, UTC, Window
from notifications.timing import (
    DAY_CLOSES,
    DAY_OPENS,
    MIN_LEAD,
    MINUTE,
    SEND_MARGIN,
    Policy,
    Slot,
    latest_safe_moment,
    notice_send_time,
    policy_slots,
)

BUSINESS = [Window(d, dt.time(10, 0), dt.time(14, 0)) for d in range(5)]  # Mon–Fri 10–14
# Days the clocks change (2026: 29 March forward, 25 October back) and ordinary days.
CHANGE_DAYS = [dt.date(2026, 3, 29), dt.date(2026, 3, 30), dt.date(2026, 10, 25),
               dt.date(2026, 10, 26), dt.date(2027, 3, 28), dt.date(2027, 10, 31)]


@st.composite
def windows(draw):  # type: ignore[no-untyped-def]
    """Minute-grid windows at least 30 minutes long (longer than the send margin)."""
    start = draw(st.integers(0, 23 * 60 - 30))
    end = draw(st.integers(start + 30, 24 * 60 - 1))
    return Window(draw(st.integers(0, 6)), dt.time(start // 60, start % 60),
                  dt.time(end // 60, end % 60))


@st.composite
def session_starts(draw):  # type: ignore[no-untyped-def]
    day = draw(st.one_of(st.sampled_from(CHANGE_DAYS),
                         st.dates(dt.date(2025, 1, 1), dt.date(2028, 12, 31))))
    minutes = draw(st.integers(6 * 60, 22 * 60)) // 5 * 5
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=LONDON)


policies = st.builds(Policy, day_before=st.booleans(), same_morning=st.booleans(),
                     hours_before=st.one_of(st.none(), st.integers(1, 72)))


def safe(ws: list[Window], t: dt.datetime) -> bool:
    """The oracle: t is in day hours and one window stays open from t for the send margin."""
    local, after = t.astimezone(LONDON), (t + SEND_MARGIN).astimezone(LONDON)
    if not DAY_OPENS <= local.time() <= DAY_CLOSES:
        return False
    if not ws:
        return True
    return any(w.weekday == local.weekday() and w.start <= local.time()
               and after.date() == local.date() and after.time() <= w.end for w in ws)


def minutes(low: dt.datetime, high: dt.datetime) -> list[dt.datetime]:
    low = low.astimezone(UTC)
    count = int((high - low) / MINUTE)
    return [low + i * MINUTE for i in range(count + 1)] if high >= low else []


def oracle(ws: list[Window], slot: Slot, now: dt.datetime) -> dt.datetime | None:
    low = max(slot.opens, now)
    before = [t for t in minutes(low, slot.due) if safe(ws, t)]
    if before:
        return before[-1]
    after = [t for t in minutes(max(low, slot.due), slot.closes) if safe(ws, t)]
    return after[0] if after else None


@settings(max_examples=150, deadline=None)
@given(st.lists(windows(), max_size=4), session_starts(), policies,
       st.integers(0, 4 * 24 * 60))
def test_reminder_goes_at_the_latest_safe_moment_on_the_named_day(ws, start, policy, ahead):
    now = (start - dt.timedelta(minutes=ahead)).astimezone(UTC)

    for slot in policy_slots(policy, start):
        when = latest_safe_moment(ws, slot, now)

        assert when == oracle(ws, slot, now)
        if when is not None:
            assert when.astimezone(LONDON).date() == slot.day
            assert now <= when <= start - MIN_LEAD
            assert safe(ws, when)


@given(session_starts(), policies)
def test_each_slot_names_its_day(start, policy):
    day = start.astimezone(LONDON).date()
    for slot in policy_slots(policy, start):
        if slot.name == "day_before":
            assert slot.day == day - dt.timedelta(days=1)
        elif slot.name == "same_morning":
            assert slot.day == day and slot.due.astimezone(LONDON).time() <= dt.time(12, 0)
        else:
            due = start - dt.timedelta(hours=policy.hours_before)
            assert slot.day == due.astimezone(LONDON).date()
        assert slot.opens <= slot.due <= slot.closes or slot.closes < slot.opens


@settings(max_examples=80, deadline=None)
@given(st.lists(windows(), max_size=3), session_starts(), st.integers(0, 3 * 24 * 60))
def test_notice_goes_at_the_earliest_safe_moment_before_the_session(ws, start, ahead):
    now = (start - dt.timedelta(minutes=ahead)).astimezone(UTC)

    when = notice_send_time(ws, now, start)

    candidates = [t for t in minutes(now.replace(second=0), start - MINUTE)
                  if t >= now and safe(ws, t)]
    assert when == (candidates[0] if candidates else None)


# --- The named cases ---------------------------------------------------------------------------

def day_before(start: dt.datetime) -> Slot:
    return policy_slots(Policy(day_before=True), start)[0]


EARLY = dt.datetime(2026, 10, 1, 9, 0, tzinfo=LONDON)  # well before each session below


def test_window_before_the_due_time_gives_its_latest_moment_the_day_before():
    tuesday_six = dt.datetime(2026, 10, 13, 18, 0, tzinfo=LONDON)  # due Monday 18:00

    when = latest_safe_moment(BUSINESS, day_before(tuesday_six), EARLY)

    assert when == dt.datetime(2026, 10, 12, 13, 45, tzinfo=LONDON)  # Monday, not Tuesday 10:00


def test_window_only_after_the_due_time_gives_its_first_moment_the_same_day():
    tuesday_ten = dt.datetime(2026, 10, 13, 10, 0, tzinfo=LONDON)  # due Monday 10:00
    monday_afternoon = [Window(0, dt.time(15, 0), dt.time(17, 0))]

    when = latest_safe_moment(monday_afternoon, day_before(tuesday_ten), EARLY)

    assert when == dt.datetime(2026, 10, 12, 15, 0, tzinfo=LONDON)


def test_no_window_on_the_named_day_gives_no_moment():
    tuesday_six = dt.datetime(2026, 10, 13, 18, 0, tzinfo=LONDON)
    tuesday_only = [Window(1, dt.time(10, 0), dt.time(14, 0))]  # the session's own day

    assert latest_safe_moment(tuesday_only, day_before(tuesday_six), EARLY) is None


def test_window_left_only_after_the_session_gives_no_notice():
    tuesday_ten = dt.datetime(2026, 10, 13, 10, 0, tzinfo=LONDON)
    tuesday_afternoon = [Window(1, dt.time(14, 0), dt.time(16, 0))]
    now = dt.datetime(2026, 10, 13, 7, 0, tzinfo=LONDON)

    assert notice_send_time(tuesday_afternoon, now, tuesday_ten) is None


def test_clock_change_keeps_the_local_wall_time():
    monday_after_change = dt.datetime(2026, 10, 26, 18, 0, tzinfo=LONDON)  # BST ended Sunday
    sunday = [Window(6, dt.time(10, 0), dt.time(14, 0))]

    when = latest_safe_moment(sunday, day_before(monday_after_change), EARLY)

    assert when == dt.datetime(2026, 10, 25, 13, 45, tzinfo=LONDON)
    assert when.astimezone(UTC).hour == 13  # GMT by Sunday afternoon


def test_spring_forward_day_before_is_in_summer_time():
    monday = dt.datetime(2026, 3, 30, 18, 0, tzinfo=LONDON)
    sunday = [Window(6, dt.time(10, 0), dt.time(14, 0))]

    when = latest_safe_moment(sunday, day_before(monday), monday - dt.timedelta(days=3))

    assert when == dt.datetime(2026, 3, 29, 13, 45, tzinfo=LONDON)
    assert when.astimezone(UTC).hour == 12  # BST began that morning


def test_same_morning_is_before_noon_and_an_hour_before_the_session():
    eleven = dt.datetime(2026, 10, 13, 11, 0, tzinfo=LONDON)
    slot = policy_slots(Policy(day_before=False, same_morning=True), eleven)[0]

    assert latest_safe_moment([], slot, EARLY) == dt.datetime(2026, 10, 13, 10, 0, tzinfo=LONDON)


def test_a_slot_already_over_gives_no_moment():
    tuesday_six = dt.datetime(2026, 10, 13, 18, 0, tzinfo=LONDON)
    tuesday_morning = dt.datetime(2026, 10, 13, 9, 0, tzinfo=LONDON)

    assert latest_safe_moment([], day_before(tuesday_six), tuesday_morning) is None
