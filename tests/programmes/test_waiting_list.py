from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from programmes.enums import EnrolmentStatus as S
from programmes.enums import EntryStatus, OfferStatus, Priority
from programmes.selectors import waiting_list_for
from programmes.services import (
    offer_accept,
    offer_decline,
    offers_expire,
    place_offer,
    places_taken,
    waiting_list_move,
)
from tests.factories import LONDON, GroupRunFactory, ProgrammeTypeFactory, UserFactory
from tests.programmes.factories import WaitingListEntryFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 2, 9, 0, tzinfo=LONDON)


def entry(programme, day, priority=Priority.STANDARD):
    return WaitingListEntryFactory.create(referral__programme=programme,
                                   referral__referred_on=dt.date(2026, 10, day),
                                   referral__priority=priority)


def test_waiting_list_orders_by_priority_then_referral_date():
    programme = ProgrammeTypeFactory.create()
    late, early, urgent = entry(programme, 20), entry(programme, 1), entry(programme, 25,
                                                                             Priority.HIGH)

    assert list(waiting_list_for(programme_id=programme.pk)) == [urgent, early, late]


def test_waiting_list_move_records_the_reason_and_changes_the_order():
    programme = ProgrammeTypeFactory.create()
    first, second, third = entry(programme, 1), entry(programme, 2), entry(programme, 3)
    coordinator = UserFactory.create()

    waiting_list_move(entry=third, to_position=1, reason="Childcare only on Tuesdays",
                      by=coordinator)
    waiting_list_move(entry=first, to_position=3, reason="Asked to wait", by=coordinator)

    assert list(waiting_list_for(programme_id=programme.pk)) == [third, second, first]
    move = third.moves.get()
    assert (move.from_position, move.to_position, move.reason, move.by) == (
        3, 1, "Childcare only on Tuesdays", coordinator)


def test_waiting_list_move_between_same_day_entries():
    programme = ProgrammeTypeFactory.create()
    a, b, c = entry(programme, 1), entry(programme, 1), entry(programme, 1)

    waiting_list_move(entry=c, to_position=2, reason="Priority agreed at panel",
                      by=UserFactory.create())

    assert list(waiting_list_for(programme_id=programme.pk)) == [a, c, b]


def test_waiting_list_move_without_a_reason_is_refused():
    programme = ProgrammeTypeFactory.create()
    first, second = entry(programme, 1), entry(programme, 2)

    with pytest.raises(ValidationError) as exc:
        waiting_list_move(entry=second, to_position=1, reason=" ", by=UserFactory.create())

    assert list(exc.value.message_dict) == ["reason"]
    assert list(waiting_list_for(programme_id=programme.pk)) == [first, second]


@time_machine.travel(NOW, tick=False)
def test_place_offer_holds_a_place_and_creates_an_offered_enrolment():
    run = GroupRunFactory.create(capacity=2)
    waiting = entry(run.programme, 1)

    offer = place_offer(entry=waiting, run=run, expires_at=NOW + dt.timedelta(days=3))

    waiting.refresh_from_db()
    assert (offer.enrolment.status, waiting.status, places_taken(run_id=run.pk)) == (
        S.OFFERED, EntryStatus.OFFERED, 1)


@time_machine.travel(NOW, tick=False)
def test_place_offer_for_a_full_run_is_refused_and_nothing_is_saved():
    run = GroupRunFactory.create(capacity=1)
    place_offer(entry=entry(run.programme, 1), run=run, expires_at=NOW + dt.timedelta(days=3))
    second = entry(run.programme, 2)

    with pytest.raises(ValidationError) as exc:
        place_offer(entry=second, run=run, expires_at=NOW + dt.timedelta(days=3))

    second.refresh_from_db()
    assert exc.value.message_dict == {"run_id": ["No place left on this run."]}
    assert (second.status, second.offers.count()) == (EntryStatus.WAITING, 0)


def test_an_expired_offer_frees_its_place():
    run = GroupRunFactory.create(capacity=1)
    with time_machine.travel(NOW, tick=False):
        place_offer(entry=entry(run.programme, 1), run=run, expires_at=NOW + dt.timedelta(days=1))

    with time_machine.travel(NOW + dt.timedelta(days=2), tick=False):
        offer = place_offer(entry=entry(run.programme, 2), run=run,
                            expires_at=NOW + dt.timedelta(days=5))

    assert offer.status == OfferStatus.OPEN


@time_machine.travel(NOW, tick=False)
def test_offer_accept_enrols_from_now():
    run = GroupRunFactory.create(capacity=1)
    offer = place_offer(entry=entry(run.programme, 1), run=run,
                        expires_at=NOW + dt.timedelta(days=3))

    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        offer_accept(offer=offer)

    offer.refresh_from_db()
    offer.enrolment.refresh_from_db()
    assert (offer.status, offer.enrolment.status, offer.entry.status) == (
        OfferStatus.ACCEPTED, S.ENROLLED, EntryStatus.PLACED)
    assert offer.enrolment.joined_at == NOW + dt.timedelta(days=1)
    assert [e.to_status for e in offer.enrolment.events.all()] == [S.OFFERED, S.ENROLLED]


@time_machine.travel(NOW, tick=False)
def test_offer_decline_keeps_her_on_the_waiting_list_and_frees_the_place():
    run = GroupRunFactory.create(capacity=1)
    offer = place_offer(entry=entry(run.programme, 1), run=run,
                        expires_at=NOW + dt.timedelta(days=3))

    offer_decline(offer=offer, reason="Evening sessions are not safe for her")

    offer.refresh_from_db()
    offer.entry.refresh_from_db()
    assert (offer.status, offer.entry.status, places_taken(run_id=run.pk)) == (
        OfferStatus.DECLINED, EntryStatus.WAITING, 0)


def test_offer_accept_after_expiry_is_refused_and_offers_expire_closes_it():
    run = GroupRunFactory.create(capacity=1)
    with time_machine.travel(NOW, tick=False):
        offer = place_offer(entry=entry(run.programme, 1), run=run,
                            expires_at=NOW + dt.timedelta(days=1))

    with time_machine.travel(NOW + dt.timedelta(days=2), tick=False):
        with pytest.raises(ValidationError):
            offer_accept(offer=offer)
        expired = offers_expire()

    offer.refresh_from_db()
    offer.enrolment.refresh_from_db()
    assert (expired, offer.status, offer.enrolment.status) == (1, OfferStatus.EXPIRED,
                                                               S.WITHDRAWN)


@time_machine.travel(NOW, tick=False)
def test_a_declined_person_can_be_offered_the_same_run_again():
    run = GroupRunFactory.create(capacity=1)
    waiting = entry(run.programme, 1)
    offer_decline(offer=place_offer(entry=waiting, run=run,
                                    expires_at=NOW + dt.timedelta(days=3)))
    waiting.refresh_from_db()

    again = place_offer(entry=waiting, run=run, expires_at=NOW + dt.timedelta(days=3))

    assert again.enrolment.status == S.OFFERED and again.enrolment.left_at is None


def test_expire_offers_task_returns_the_place_to_the_list():
    from programmes.tasks import expire_offers

    run = GroupRunFactory.create(capacity=1)
    waiting = entry(run.programme, 1)
    with time_machine.travel(NOW, tick=False):
        place_offer(entry=waiting, run=run, expires_at=NOW + dt.timedelta(days=1))

    with time_machine.travel(NOW + dt.timedelta(days=2), tick=False):
        closed, again = expire_offers(), expire_offers()

    waiting.refresh_from_db()
    assert (closed, again, waiting.status) == (1, 0, EntryStatus.WAITING)
