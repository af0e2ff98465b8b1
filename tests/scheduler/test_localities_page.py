"""The coordinators' localities page: add a locality and a lot, set a lot, resolve an
unmatched locality; other roles are refused. And in a real Chromium at tablet size."""

from __future__ import annotations

import pytest

from programmes.models import Demographics
from scheduler.models import Funder, Locality, Lot
from scheduler.platform.roles import Role
from tests.browser import check_page, sign_in
from tests.factories import DemographicsFactory, LocalityFactory, UserFactory
from tests.mfa import force_login_verified

URL = "/calendar/localities/"
PASSWORD = "correct horse battery"


@pytest.fixture
def coordinator(client, make_user):  # type: ignore[no-untyped-def]
    force_login_verified(client, make_user(Role.COORDINATOR))
    return client


@pytest.mark.django_db
def test_a_coordinator_adds_a_lot_a_funder_and_a_locality_in_it(coordinator):
    coordinator.post(URL, {"action": "lot", "lot-name": "Lot 3 – Rural"})
    lot = Lot.objects.get(name="Lot 3 – Rural")
    coordinator.post(URL, {"action": "funder", "funder-name": "OPCC"})
    response = coordinator.post(URL, {"action": "locality", "loc-name": "Newtown",
                                      "loc-lot": lot.pk})

    assert response.status_code == 302
    assert Locality.objects.get(name="Newtown").lot == lot
    assert Funder.objects.filter(name="OPCC").exists()


@pytest.mark.django_db
def test_a_duplicate_locality_is_a_form_error(coordinator):
    response = coordinator.post(URL, {"action": "locality", "loc-name": "  melton "})

    assert response.status_code == 400
    assert "already on the list" in response.content.decode()


@pytest.mark.django_db
def test_an_unmatched_locality_is_merged_and_a_lot_set(coordinator):
    stray = LocalityFactory.create(name="Oakham town", unmatched=True)
    person = DemographicsFactory.create(locality=stray)
    rutland = Locality.objects.get(name="Rutland")
    lot = Lot.objects.create(name="Lot X")

    coordinator.post(f"{URL}{stray.pk}/", {f"r{stray.pk}-into": rutland.pk})
    coordinator.post(f"{URL}{rutland.pk}/", {f"s{rutland.pk}-lot": lot.pk})

    assert Demographics.objects.get(pk=person.pk).locality == rutland
    assert Locality.objects.get(pk=rutland.pk).lot == lot
    assert not Locality.objects.filter(pk=stray.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.MANAGER, Role.CRECHE_WORKER])
def test_other_roles_are_refused(role, client, make_user):
    force_login_verified(client, make_user(role))
    assert client.get(URL).status_code == 403


@pytest.mark.django_db
def test_the_list_paginates(coordinator, django_assert_max_num_queries):
    for n in range(40):
        LocalityFactory.create(name=f"Parish {n:02d}")
    with django_assert_max_num_queries(20):
        response = coordinator.get(URL)
    assert response.status_code == 200
    assert "Page 1 of 2" in response.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_localities_page_at_tablet_size(tablet, live_server):
    UserFactory.create(role=Role.COORDINATOR, username="cora")
    LocalityFactory.create(name="Leics county", unmatched=True)
    sign_in(tablet, live_server, "cora", PASSWORD)
    tablet.goto(f"{live_server.url}{URL}")
    check_page(tablet, touch=True)

    tablet.get_by_label("Resolve Leics county").select_option(label="Charnwood")
    with tablet.expect_navigation():
        tablet.get_by_role("button", name="Resolve").tap()
    tablet.get_by_text("Saved.").wait_for()
    check_page(tablet, touch=True)
    assert not Locality.objects.filter(name="Leics county").exists()
