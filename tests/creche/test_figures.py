"""Crèche figures for the quarterly return, per locality and in total."""

import datetime as dt
from typing import Any

import pytest

from creche.figures import creche_figures_between
from scheduler.calendar.enums import SessionStatus
from tests.creche.factories import AttendanceFactory, CrecheBookingFactory, CrecheSessionFactory
from tests.factories import LONDON, SessionFactory, VenueFactory

pytestmark = pytest.mark.django_db

Q3: dict[str, Any] = {"first_day": dt.date(2026, 10, 1), "last_day": dt.date(2026, 12, 31)}


def creche_at(locality: str, day: int, **kwargs):  # type: ignore[no-untyped-def]
    starts = dt.datetime(2026, 10, day, 10, 0, tzinfo=LONDON)
    return CrecheSessionFactory.create(venue=VenueFactory.create(locality=locality),
                                       starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
                                       capacity=6, **kwargs)


def test_figures_per_locality_and_total_with_distinct_children_and_take_up(
        django_assert_max_num_queries):
    rutland, city = creche_at("Rutland", 6), creche_at("City", 7)
    stay = AttendanceFactory.create(booking__creche_session=rutland,
                                    signed_out_at=rutland.starts_at + dt.timedelta(hours=1))
    CrecheBookingFactory.create(creche_session=rutland)  # booked, never came
    AttendanceFactory.create(booking__creche_session=city, booking__child=stay.booking.child)
    cancelled = creche_at("City", 8, session=SessionFactory.create(
        status=SessionStatus.CANCELLED))
    AttendanceFactory.create(booking__creche_session=cancelled)

    with django_assert_max_num_queries(3):
        figures = creche_figures_between(**Q3)

    by = {row.locality: row for row in figures.by_locality}
    assert (by["Rutland"].opening_hours, by["Rutland"].child_hours, by["Rutland"].booked,
            by["Rutland"].attended, by["Rutland"].capacity) == (2.0, 1.0, 2, 1, 6)
    assert (by["City"].sessions, by["City"].child_hours) == (1, 2.0)  # stayed to the end
    assert (figures.total.sessions, figures.total.opening_hours, figures.total.child_hours,
            figures.total.children, figures.total.capacity) == (2, 4.0, 3.0, 1, 12)


def test_no_creches_gives_an_empty_return():
    figures = creche_figures_between(**Q3)

    assert (figures.by_locality, figures.total.sessions, figures.total.child_hours) == \
        ([], 0, 0.0)
