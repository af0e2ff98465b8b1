import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from creche.ratios import (
    AgeBand,
    StaffMember,
    age_band,
    age_in_months,
    age_in_years,
    creche_hours,
    first_aid_expiry,
    first_aid_valid,
    over_daily_limit,
    ratio_status,
    required_staff,
)
from scheduler.platform.timezones import LONDON

DAY = dt.date(2026, 10, 6)
bands = st.lists(st.sampled_from(list(AgeBand)), max_size=40)


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def test_age_counts_the_birthday_itself():
    assert age_in_years(dt.date(2024, 10, 6), DAY) == 2


def test_age_the_day_before_the_birthday_is_one_less():
    assert age_in_years(dt.date(2024, 10, 7), DAY) == 1


def test_age_in_months_counts_completed_months():
    assert age_in_months(dt.date(2026, 8, 7), DAY) == 1


def test_leap_day_child_turns_two_on_first_of_march():
    born = dt.date(2024, 2, 29)

    assert (age_in_years(born, dt.date(2026, 2, 28)), age_in_years(born, dt.date(2026, 3, 1))) \
        == (1, 2)


def test_age_band_changes_on_second_birthday():
    born = dt.date(2024, 10, 6)

    assert (age_band(born, DAY - dt.timedelta(days=1)), age_band(born, DAY)) \
        == (AgeBand.UNDER_TWO, AgeBand.AGED_TWO)


def test_age_band_changes_on_third_birthday():
    born = dt.date(2023, 10, 6)

    assert (age_band(born, DAY - dt.timedelta(days=1)), age_band(born, DAY)) \
        == (AgeBand.AGED_TWO, AgeBand.THREE_PLUS)


def test_child_turning_two_today_needs_the_aged_two_ratio():
    five_turning_two_today = [dt.date(2024, 10, 6)] * 5

    status = ratio_status(children=five_turning_two_today, staff=[StaffMember()], on=DAY,
                          min_staff=0)

    assert status.required == 1


def test_same_children_a_day_earlier_need_the_under_two_ratio():
    five = [dt.date(2024, 10, 6)] * 5

    status = ratio_status(children=five, staff=[StaffMember()], on=DAY - dt.timedelta(days=1),
                          min_staff=0)

    assert status.required == 2


def test_required_staff_for_each_band_at_its_ratio():
    assert [required_staff([AgeBand.UNDER_TWO] * 3), required_staff([AgeBand.UNDER_TWO] * 4),
            required_staff([AgeBand.AGED_TWO] * 5), required_staff([AgeBand.AGED_TWO] * 6),
            required_staff([AgeBand.THREE_PLUS] * 8), required_staff([AgeBand.THREE_PLUS] * 9)] \
        == [1, 2, 1, 2, 1, 2]


def test_level_6_allows_thirteen_three_year_olds_per_adult():
    assert required_staff([AgeBand.THREE_PLUS] * 13, level_6_present=True) == 1


def test_mixed_ages_sum_fractions_before_rounding():
    # 1/3 + 1/5 + 4/8 = 31/30 → 2 adults (rounding each band up separately would say 3)
    group = [AgeBand.UNDER_TWO, AgeBand.AGED_TWO] + [AgeBand.THREE_PLUS] * 4

    assert required_staff(group) == 2


def test_min_staff_applies_only_when_children_present():
    assert (required_staff([], min_staff=2), required_staff([AgeBand.THREE_PLUS], min_staff=2)) \
        == (0, 2)


@given(bands, st.sampled_from(list(AgeBand)), st.booleans(), st.integers(0, 4))
def test_adding_a_child_never_decreases_required_staff(group, extra, level_6, min_staff):
    before = required_staff(group, level_6_present=level_6, min_staff=min_staff)

    after = required_staff([*group, extra], level_6_present=level_6, min_staff=min_staff)

    assert after >= before


@given(bands.filter(bool), st.booleans(), st.integers(0, 4))
def test_required_staff_is_at_least_one_with_any_child(group, level_6, min_staff):
    assert required_staff(group, level_6_present=level_6, min_staff=min_staff) >= max(1, min_staff)


@given(bands, st.booleans())
def test_required_staff_covers_every_child_at_the_strictest_ratio_it_needs(group, level_6):
    staff = required_staff(group, level_6_present=level_6)

    assert staff * 13 >= len(group) and staff <= len(group)


@given(st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2026, 12, 31)),
       st.integers(0, 3000))
def test_age_in_months_never_decreases_with_time(born, days):
    on = born + dt.timedelta(days=days)

    assert age_in_months(born, on + dt.timedelta(days=1)) >= age_in_months(born, on) >= 0


def test_first_aid_valid_on_its_expiry_day_but_not_after():
    expires = dt.date(2026, 10, 6)

    assert (first_aid_valid(expires, DAY), first_aid_valid(expires, DAY + dt.timedelta(days=1)),
            first_aid_valid(None, DAY)) == (True, False, False)


def test_first_aid_expiry_is_three_years_less_a_day():
    assert first_aid_expiry(dt.date(2023, 10, 7)) == dt.date(2026, 10, 6)


def test_ratio_status_warns_without_a_first_aider():
    lapsed = StaffMember(first_aid_expires=DAY - dt.timedelta(days=1))

    status = ratio_status(children=[dt.date(2022, 1, 1)], staff=[StaffMember(), lapsed],
                          on=DAY, min_staff=2)

    assert (status.ok, status.first_aider_present, len(status.warnings)) == (False, False, 1)


def test_ratio_status_ok_with_enough_staff_and_a_first_aider():
    status = ratio_status(children=[dt.date(2022, 1, 1)] * 3,
                          staff=[StaffMember(first_aid_expires=DAY), StaffMember()],
                          on=DAY, min_staff=2)

    assert (status.ok, status.required, status.staff) == (True, 2, 2)


def test_over_daily_limit_counts_every_visit_on_the_day():
    visits = [(at(9), at(10)), (at(13), at(14, 1))]

    assert over_daily_limit(visits, day_start=at(0), day_end=at(23, 59), now=at(15))


def test_exactly_two_hours_is_not_over_the_limit():
    visits = [(at(9), at(11))]

    assert not over_daily_limit(visits, day_start=at(0), day_end=at(23, 59), now=at(15))


def test_open_visit_runs_until_now():
    assert over_daily_limit([(at(9), None)], day_start=at(0), day_end=at(23, 59), now=at(11, 1))


def test_creche_hours_clips_to_the_window():
    openings = [(at(9), at(12)), (at(9, day=DAY + dt.timedelta(days=1)),
                                  at(12, day=DAY + dt.timedelta(days=1)))]
    stays = [(1, at(9), at(10, 30)), (2, at(11), at(13)), (1, at(9, day=DAY + dt.timedelta(1)),
                                                          at(10, day=DAY + dt.timedelta(1)))]

    hours = creche_hours(openings=openings, stays=stays, start=at(0), end=at(12))

    assert hours.as_dict() == {"sessions": 1, "opening_hours": 3.0, "child_hours": 2.5,
                               "children": 2}
