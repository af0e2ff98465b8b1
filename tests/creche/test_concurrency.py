"""Ratio and capacity under simultaneous tablets: the crèche row lock, on real connections."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest
from django.db import connection

from creche.models import Attendance, CrecheBooking
from creche.services import booking_create, child_sign_in
from tests.concurrency import race
from tests.creche.factories import (
    ChildFactory,
    CrecheBookingFactory,
    CrecheSessionFactory,
    staffed_creche,
)
from tests.factories import UserFactory

BABY = dt.date(2025, 6, 1)  # under two on the crèche day: three per adult


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("on_the_creche_day")  # sign-ins happen now, on the crèche's day
def test_simultaneous_sign_ins_never_breach_the_ratio():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    creche = staffed_creche(staff=2)  # 2 adults: at most 6 under-twos
    bookings = CrecheBookingFactory.create_batch(8, creche_session=creche,
                                                 child__date_of_birth=BABY)
    by = UserFactory.create()

    results = race([partial(child_sign_in, booking=b, by=by) for b in bookings])

    assert results == ["ok"] * 6 + ["refused"] * 2
    assert Attendance.objects.count() == 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_bookings_never_exceed_capacity():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    creche = CrecheSessionFactory.create(capacity=3)
    children = ChildFactory.create_batch(6)
    by = UserFactory.create()

    results = race([partial(booking_create, creche_session=creche, child=c, by=by)
                    for c in children])

    assert results.count("ok") == 3
    assert CrecheBooking.objects.count() == 3
