from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from programmes.enums import EnrolmentStatus as S
from programmes.enums import EntryStatus, OfferStatus
from programmes.models import PlaceOffer, ProgrammeType
from scheduler.platform.roles import Role
from tests.factories import EnrolmentFactory, GroupRunFactory
from tests.programmes.factories import WaitingListEntryFactory

pytestmark = pytest.mark.django_db


def csrf_post(client, page_url, url, data):
    client.get(page_url)
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


@pytest.fixture
def freedom():
    return ProgrammeType.objects.get(slug="freedom-programme")


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.MANAGER, Role.CRECHE_WORKER])
def test_coordinator_pages_refuse_other_roles(role, freedom, browser_client_for, make_user):
    client = browser_client_for(make_user(role))
    run = GroupRunFactory.create()

    for url in ("/programmes/", f"/programmes/{freedom.pk}/waiting-list/",
                f"/programmes/runs/{run.pk}/enrolments/"):
        assert client.get(url).status_code == 403, url


def test_waiting_list_page_lists_in_order_and_paginates(freedom, browser_client_for,
                                                        make_user):
    entries = [WaitingListEntryFactory.create(referral__programme=freedom) for _ in range(27)]
    client = browser_client_for(make_user(Role.COORDINATOR))

    first, second = (client.get(f"/programmes/{freedom.pk}/waiting-list/?page={n}")
                     for n in (1, 2))

    assert first.status_code == 200
    assert entries[0].participant.reference.encode() in first.content
    assert entries[26].participant.reference.encode() not in first.content
    assert entries[26].participant.reference.encode() in second.content


def test_offer_from_the_page_then_accept(freedom, browser_client_for, make_user):
    run = GroupRunFactory.create(programme=freedom, capacity=5)
    entry = WaitingListEntryFactory.create(referral__programme=freedom)
    client = browser_client_for(make_user(Role.COORDINATOR))
    page = f"/programmes/{freedom.pk}/waiting-list/"

    csrf_post(client, page, f"/programmes/waiting-list/{entry.pk}/offer/",
              {"run": run.pk, "days": 7})
    offer = PlaceOffer.objects.get()
    response = csrf_post(client, page, f"/programmes/offers/{offer.pk}/accept/", {})

    offer.refresh_from_db()
    entry.refresh_from_db()
    assert response.status_code == 302
    assert (offer.status, entry.status, offer.enrolment.status) == (
        OfferStatus.ACCEPTED, EntryStatus.PLACED, S.ENROLLED)


def test_move_without_reason_shows_an_error_and_changes_nothing(freedom, browser_client_for,
                                                                make_user):
    WaitingListEntryFactory.create(referral__programme=freedom)
    second = WaitingListEntryFactory.create(referral__programme=freedom)
    client = browser_client_for(make_user(Role.COORDINATOR))
    page = f"/programmes/{freedom.pk}/waiting-list/"

    response = csrf_post(client, page, f"/programmes/waiting-list/{second.pk}/move/",
                         {"to_position": 1, "reason": ""})

    assert response.status_code == 302
    assert second.moves.count() == 0
    assert b"Please check the form" in client.get(page).content


def test_enrolments_page_withdraw_with_reason(browser_client_for, make_user):
    enrolment = EnrolmentFactory.create(status=S.ENROLLED)
    client = browser_client_for(make_user(Role.COORDINATOR))
    page = f"/programmes/runs/{enrolment.run_id}/enrolments/"

    csrf_post(client, page, f"/programmes/enrolments/{enrolment.pk}/transition/",
              {"to_status": "withdrawn", "reason_code": "moved_away", "reason": ""})

    enrolment.refresh_from_db()
    assert enrolment.status == S.WITHDRAWN
    assert b"Moved away" in client.get(f"/programmes/enrolments/{enrolment.pk}/").content


def test_post_without_csrf_token_is_refused(browser_client_for, make_user):
    enrolment = EnrolmentFactory.create(status=S.ENROLLED)
    client = browser_client_for(make_user(Role.COORDINATOR))

    response = client.post(f"/programmes/enrolments/{enrolment.pk}/transition/",
                           {"to_status": "withdrawn", "reason_code": "moved_away"})

    assert response.status_code == 403



def offer_that_lapsed(client, programme):
    """An offer made from the page whose expiry has passed; the scheduled task has not run."""
    run = GroupRunFactory.create(programme=programme, capacity=5)
    entry = WaitingListEntryFactory.create(referral__programme=programme)
    page = f"/programmes/{programme.pk}/waiting-list/"
    csrf_post(client, page, f"/programmes/waiting-list/{entry.pk}/offer/",
              {"run": run.pk, "days": 1})
    offer = PlaceOffer.objects.get(entry=entry)
    PlaceOffer.objects.filter(pk=offer.pk).update(expires_at=timezone.now() - dt.timedelta(hours=1))
    return offer, entry, page


def test_waiting_list_page_shows_a_lapsed_offer_as_expired_without_writing(
        freedom, browser_client_for, make_user):
    client = browser_client_for(make_user(Role.COORDINATOR))
    offer, entry, page = offer_that_lapsed(client, freedom)

    response = client.get(page)

    offer.refresh_from_db()
    entry.refresh_from_db()
    assert (offer.status, entry.status) == (OfferStatus.OPEN, EntryStatus.OFFERED)  # no write
    assert b"Open offers" not in response.content
    assert b"Offer expired" in response.content


def test_a_lapsed_offer_can_be_replaced_from_the_page(freedom, browser_client_for, make_user):
    client = browser_client_for(make_user(Role.COORDINATOR))
    first, entry, page = offer_that_lapsed(client, freedom)

    csrf_post(client, page, f"/programmes/waiting-list/{entry.pk}/offer/",
              {"run": first.run_id, "days": 7})

    first.refresh_from_db()
    assert first.status == OfferStatus.EXPIRED
    assert PlaceOffer.objects.filter(entry=entry, status=OfferStatus.OPEN).count() == 1
