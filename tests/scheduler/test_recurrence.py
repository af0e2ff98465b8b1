"""Pure recurrence expansion: dates, skipped closures and wall-clock times."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scheduler.calendar.recurrence import (
    LONDON,
    ClosureIndex,
    PlanError,
    TermSpan,
    bank_holidays,
    plan_dates,
)

TUESDAYS = "RRULE:FREQ=WEEKLY;BYDAY=TU"
AUTUMN_2026 = TermSpan("Autumn 2026", dt.date(2026, 9, 3), dt.date(2026, 12, 18),
                       dt.date(2026, 10, 26), dt.date(2026, 10, 30))


def autumn_plan(target: int = 12):  # type: ignore[no-untyped-def]
    return plan_dates(rule=TUESDAYS, start_date=dt.date(2026, 9, 8), start_time=dt.time(10),
                      target=target, closed=ClosureIndex(days={}, terms=(AUTUMN_2026,)))


def test_plan_dates_skips_half_term_and_extends_to_twelve_sessions():
    plan = autumn_plan()

    assert [s.day for s in plan.skipped] == [dt.date(2026, 10, 27)]
    assert plan.skipped[0].reason == "Half-term (Autumn 2026)"
    assert len(plan.dates) == 12
    assert plan.dates[6:8] == [dt.date(2026, 10, 20), dt.date(2026, 11, 3)]
    assert plan.dates[-1] == dt.date(2026, 12, 1)


def test_plan_dates_keeps_ten_o_clock_local_across_the_october_clock_change():
    plan = autumn_plan()

    before, after = plan.starts[6], plan.starts[7]
    assert (before.hour, after.hour) == (10, 10)
    assert before.utcoffset() == dt.timedelta(hours=1)
    assert after.utcoffset() == dt.timedelta(0)
    assert after.astimezone(dt.UTC).hour == 10 and before.astimezone(dt.UTC).hour == 9


def test_plan_dates_outside_term_is_a_school_holiday():
    plan = plan_dates(rule=TUESDAYS, start_date=dt.date(2026, 12, 8), start_time=dt.time(10),
                      target=2, closed=ClosureIndex(days={}, terms=(AUTUMN_2026,)),
                      horizon_days=40)  # only two term Tuesdays remain: 8 and 15 Dec
    assert plan.dates == [dt.date(2026, 12, 8), dt.date(2026, 12, 15)]
    with pytest.raises(PlanError) as caught:
        plan_dates(rule=TUESDAYS, start_date=dt.date(2026, 12, 8), start_time=dt.time(10),
                   target=3, closed=ClosureIndex(days={}, terms=(AUTUMN_2026,)))
    assert caught.value.field == "target_sessions"


def test_plan_dates_skips_bank_holiday_monday_with_its_name():
    closed = ClosureIndex(days=bank_holidays(dt.date(2026, 8, 1), dt.date(2026, 9, 30)))

    plan = plan_dates(rule="RRULE:FREQ=WEEKLY;BYDAY=MO", start_date=dt.date(2026, 8, 24),
                      start_time=dt.time(18, 30), target=2, closed=closed)

    assert plan.dates == [dt.date(2026, 8, 24), dt.date(2026, 9, 7)]
    assert [(s.day, s.reason) for s in plan.skipped] == [
        (dt.date(2026, 8, 31), "Late Summer Bank Holiday")]


def test_bank_holidays_include_substitute_days():
    days = bank_holidays(dt.date(2027, 12, 1), dt.date(2027, 12, 31))

    assert dt.date(2027, 12, 27) in days and dt.date(2027, 12, 28) in days


@pytest.mark.parametrize(("rule", "target", "field"), [
    ("RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20260801T000000", 3, "rule"),  # ends before start
    ("RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", 3, "rule"),  # yields no dates
    ("RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=3", 5, "target_sessions"),
    ("RRULE:FREQ=MONTHLY;BYMONTHDAY=1", 20, "target_sessions"),  # not within a year
    ("", 3, "rule"),
    ("not a rule", 3, "rule"),
    ("RRULE:FREQ=SECONDLY", 3, "rule"),
    (TUESDAYS, 0, "target_sessions"),
])
def test_plan_dates_rejects_bad_input_with_the_field(rule, target, field):
    with pytest.raises(PlanError) as caught:
        plan_dates(rule=rule, start_date=dt.date(2026, 9, 8), start_time=dt.time(10),
                   target=target)
    assert caught.value.field == field


@given(start=st.dates(dt.date(2000, 1, 1), dt.date(2060, 12, 31)),
       hour=st.integers(6, 21), minute=st.sampled_from([0, 15, 30, 45]),
       weekday=st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]))
def test_plan_dates_weekly_sessions_stay_at_the_same_local_time(start, hour, minute, weekday):
    plan = plan_dates(rule=f"RRULE:FREQ=WEEKLY;BYDAY={weekday}", start_date=start,
                      start_time=dt.time(hour, minute), target=30)

    local = [s.astimezone(LONDON) for s in plan.starts]
    assert {(t.hour, t.minute) for t in local} == {(hour, minute)}
    assert {t.weekday() for t in local} == {local[0].weekday()}
    assert all(b - a >= dt.timedelta(days=6, hours=23) for a, b in zip(local, local[1:],
                                                                       strict=False))
