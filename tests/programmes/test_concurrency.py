"""Capacity under concurrent offers: a database-level guarantee, on two real connections."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from programmes.enums import OfferStatus
from programmes.models import PlaceOffer
from programmes.services import place_offer
from tests.factories import GroupRunFactory
from tests.programmes.factories import WaitingListEntryFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_offers_for_the_last_place_exactly_one_succeeds():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    run = GroupRunFactory.create(capacity=1)
    entries = [WaitingListEntryFactory.create(referral__programme=run.programme) for _ in range(2)]
    barrier = threading.Barrier(2)
    results: list[str] = []

    def offer(entry):  # each thread has its own database connection
        try:
            barrier.wait()
            place_offer(entry=entry, run=run, expires_at=timezone.now() + dt.timedelta(days=2))
            results.append("offered")
        except ValidationError:
            results.append("full")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=offer, args=(e,)) for e in entries]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(results) == ["full", "offered"]
    assert PlaceOffer.objects.filter(run=run, status=OfferStatus.OPEN).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_offers_never_exceed_capacity():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")
    run = GroupRunFactory.create(capacity=3)
    entries = [WaitingListEntryFactory.create(referral__programme=run.programme) for _ in range(10)]
    barrier = threading.Barrier(len(entries))
    results: list[str] = []

    def offer(entry):
        try:
            barrier.wait()
            place_offer(entry=entry, run=run, expires_at=timezone.now() + dt.timedelta(days=2))
            results.append("offered")
        except ValidationError:
            results.append("full")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=offer, args=(e,)) for e in entries]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert results.count("offered") == 3
    assert PlaceOffer.objects.filter(run=run).count() == 3
