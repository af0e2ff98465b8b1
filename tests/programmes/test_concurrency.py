"""Capacity under concurrent offers: a database-level guarantee, on two real connections."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest
from django.db import connection
from django.utils import timezone

from programmes.enums import OfferStatus
from programmes.models import GroupRun, PlaceOffer
from programmes.services import place_offer
from tests.concurrency import race
from tests.factories import GroupRunFactory
from tests.programmes.factories import WaitingListEntryFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _row_locks():  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")


def offers_for(run: GroupRun, waiting: int) -> list:  # type: ignore[type-arg]
    expires = timezone.now() + dt.timedelta(days=2)
    entries = WaitingListEntryFactory.create_batch(waiting, referral__programme=run.programme)
    return [partial(place_offer, entry=entry, run=run, expires_at=expires) for entry in entries]


def test_two_simultaneous_offers_for_the_last_place_exactly_one_succeeds():
    run = GroupRunFactory.create(capacity=1)

    results = race(offers_for(run, 2))

    assert results == ["ok", "refused"]
    assert PlaceOffer.objects.filter(run=run, status=OfferStatus.OPEN).count() == 1


def test_ten_simultaneous_offers_never_exceed_capacity():
    run = GroupRunFactory.create(capacity=3)

    results = race(offers_for(run, 10))

    assert results.count("ok") == 3
    assert PlaceOffer.objects.filter(run=run).count() == 3
