"""Localities, lots and funders: the provider's list, unmatched entries resolved, the admin
adding through the services, and the migration that matched free text."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from programmes.models import Demographics
from scheduler.calendar.services.localities import (
    locality_create,
    locality_listed,
    locality_resolve,
)
from scheduler.models import Locality, Venue
from scheduler.platform.roles import Role
from tests.factories import DemographicsFactory, LocalityFactory, VenueFactory
from tests.mfa import force_login_verified

pytestmark = pytest.mark.django_db


def test_the_list_is_seeded_with_the_llr_localities_in_two_lots():
    listed = dict(Locality.objects.filter(unmatched=False, lot__isnull=False)
                  .values_list("name", "lot__name"))
    assert listed["Rutland"] == listed["Melton"] == "Lot 1 – Leicestershire and Rutland"
    assert listed["Leicester City"] == "Lot 2 – Leicester City"


def test_a_name_is_matched_ignoring_case_and_spacing_and_an_unknown_one_refused():
    assert locality_listed(name="  leicester   CITY ").name == "Leicester City"
    with pytest.raises(ValidationError) as refused:
        locality_listed(name="Atlantis")
    assert refused.value.message_dict == {"locality": ["Not a locality on the provider's list."]}
    with pytest.raises(ValidationError):
        locality_create(name="rutland")


def test_an_unmatched_locality_is_merged_into_a_listed_one():
    stray = LocalityFactory.create(name="Leics city", unmatched=True)
    venue = VenueFactory.create(locality=stray)
    demographics = DemographicsFactory.create(locality=stray)
    city = Locality.objects.get(name="Leicester City")

    assert locality_resolve(locality=stray, into=city) == city

    assert Venue.objects.get(pk=venue.pk).locality == city
    assert Demographics.objects.get(pk=demographics.pk).locality == city
    assert not Locality.objects.filter(pk=stray.pk).exists()


def test_an_unmatched_locality_can_join_the_list_and_a_listed_one_is_not_resolved():
    stray = LocalityFactory.create(name="Market Harborough", unmatched=True)
    assert locality_resolve(locality=stray, into=None).unmatched is False
    with pytest.raises(ValidationError):
        locality_resolve(locality=stray, into=None)


def test_the_admin_adds_a_locality_through_the_service(client, make_user):
    force_login_verified(client, make_user(Role.ADMIN, is_staff=True, is_superuser=True))
    admin_client = client
    response = admin_client.post("/admin/scheduler/locality/add/", {"name": " RUTLAND "})
    assert response.status_code == 200  # the form again, with the service's refusal
    assert "already on the list" in response.content.decode()
    admin_client.post("/admin/scheduler/locality/add/", {"name": "Newtown"})
    assert Locality.objects.filter(name="Newtown", unmatched=False).exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_matches_free_text_and_keeps_the_rest_unmatched():
    executor = MigrationExecutor(connection)
    before = [("scheduler", "0005_erasure_and_append_only_trigger"),
              ("programmes", "0010_encrypt_at_rest")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    venue = old.get_model("scheduler", "Venue").objects.create(name="Hall",
                                                                locality="  rutland ")
    stray = old.get_model("scheduler", "Venue").objects.create(name="Barn",
                                                                locality="Leics  County")
    participant = old.get_model("programmes", "Participant").objects.create(known_as="A")
    old.get_model("programmes", "Demographics").objects.create(participant=participant,
                                                               locality="MELTON")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Venue.objects.get(pk=venue.pk).locality.name == "Rutland"
    kept = Venue.objects.get(pk=stray.pk).locality
    assert (kept.name, kept.unmatched) == ("Leics County", True)
    assert Demographics.objects.filter(participant_id=participant.pk,
                                       locality__name="Melton").exists()


@pytest.mark.parametrize("path", ["/api/localities", "/api/lots", "/api/funders"])
def test_reference_lists_are_served_to_staff_and_paginated(path, client_for, make_user):
    response = client_for(make_user(Role.FACILITATOR)).get(path)

    assert response.status_code == 200
    body = response.json()
    assert "items" in body and "count" in body


def test_the_localities_api_lists_listed_then_unmatched(client_for, make_user):
    LocalityFactory.create(name="Aardvark town", unmatched=True)
    items = client_for(make_user(Role.COORDINATOR)).get("/api/localities?limit=100").json()[
        "items"]
    assert items[-1] == {"id": items[-1]["id"], "name": "Aardvark town", "lot_id": None,
                         "unmatched": True}
    assert "Rutland" in [i["name"] for i in items]


def test_a_venue_in_a_locality_not_on_the_list_is_a_field_error(client_for, make_user):
    response = client_for(make_user(Role.COORDINATOR)).post(
        "/api/venues", {"name": "Hall", "locality": "Atlantis"}, content_type="application/json")

    assert response.status_code == 422
    assert "locality" in str(response.json())
