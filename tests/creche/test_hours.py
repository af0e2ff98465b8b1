import datetime as dt

import pytest

from creche.selectors import creche_hours_between
from scheduler.calendar.enums import SessionStatus
from tests.creche.factories import AttendanceFactory, CrecheSessionFactory
from tests.factories import LONDON, SessionFactory

pytestmark = pytest.mark.django_db

Q3_START = dt.datetime(2026, 10, 1, tzinfo=LONDON)
Q3_END = dt.datetime(2027, 1, 1, tzinfo=LONDON)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 10, day, hour, minute, tzinfo=LONDON)


def test_creche_hours_between_counts_opening_and_child_hours():
    creche = CrecheSessionFactory.create(starts_at=at(6, 9, 30), ends_at=at(6, 12))
    AttendanceFactory.create(booking__creche_session=creche, signed_in_at=at(6, 9, 45),
                             signed_out_at=at(6, 11, 45))
    AttendanceFactory.create(booking__creche_session=creche, signed_in_at=at(6, 10),
                             signed_out_at=at(6, 10, 30))

    hours = creche_hours_between(Q3_START, Q3_END)

    assert hours == {"sessions": 1, "opening_hours": 2.5, "child_hours": 2.5, "children": 2}


def test_creche_hours_count_a_child_never_signed_out_until_the_creche_closed():
    creche = CrecheSessionFactory.create(starts_at=at(6, 9), ends_at=at(6, 11))
    AttendanceFactory.create(booking__creche_session=creche, signed_in_at=at(6, 9, 30))

    assert creche_hours_between(Q3_START, Q3_END)["child_hours"] == 1.5


def test_creche_hours_skip_a_creche_whose_group_session_was_cancelled():
    cancelled = SessionFactory.create(status=SessionStatus.CANCELLED)
    CrecheSessionFactory.create(session=cancelled)
    CrecheSessionFactory.create(starts_at=at(7, 9), ends_at=at(7, 10))

    assert creche_hours_between(Q3_START, Q3_END)["opening_hours"] == 1.0


def test_creche_hours_outside_the_window_are_not_counted():
    CrecheSessionFactory.create(starts_at=dt.datetime(2026, 9, 30, 9, tzinfo=LONDON),
                                ends_at=dt.datetime(2026, 9, 30, 11, tzinfo=LONDON))

    assert creche_hours_between(Q3_START, Q3_END) == {"sessions": 0, "opening_hours": 0.0,
                                                      "child_hours": 0.0, "children": 0}


def test_creche_hours_use_two_queries(django_assert_num_queries):
    creche = CrecheSessionFactory.create()
    AttendanceFactory.create_batch(3, booking__creche_session=creche)

    with django_assert_num_queries(2):
        creche_hours_between(Q3_START, Q3_END)
