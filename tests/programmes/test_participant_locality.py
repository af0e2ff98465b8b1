"""A participant's locality is picked from the provider's list: a <select> on the people page,
an id or a name in the API. A locality off the list is a field error; one carried over from
free text (unmatched) stays on the record when the rest of it is edited."""

from __future__ import annotations

import re

import pytest

from programmes.models import Demographics, Participant
from programmes.services import participant_create
from scheduler.models import Locality
from scheduler.platform.roles import Role
from tests.factories import DemographicsFactory, LocalityFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def cora(browser_client_for, make_user):  # type: ignore[no-untyped-def]
    return browser_client_for(make_user(Role.COORDINATOR))


def post(client, url, data):  # type: ignore[no-untyped-def]
    client.get(url)
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


def listed(name: str) -> Locality:
    return Locality.objects.get(name=name, unmatched=False)


def select_of(body: str) -> str:
    found = re.search(r'<select name="locality".*?</select>', body, re.S)
    assert found is not None, "no locality select"
    return found.group(0)


def test_the_people_form_picks_a_listed_locality_and_refuses_another(cora):
    LocalityFactory.create(name="Stray", unmatched=True)
    form = select_of(cora.get("/programmes/people/new/").content.decode())

    refused = post(cora, "/programmes/people/new/", {"known_as": "Sam", "locality": "Rutland"})
    made = post(cora, "/programmes/people/new/",
                {"known_as": "Sam", "locality": listed("Rutland").pk})

    assert ">Not recorded</option>" in form and ">Rutland</option>" in form
    assert "Stray" not in form
    assert refused.status_code == 422 and "Select a valid choice" in refused.content.decode()
    assert made.status_code == 302
    assert Participant.objects.get().demographics.locality == listed("Rutland")


def test_editing_a_record_in_an_unmatched_locality_keeps_it(cora):
    person = participant_create(known_as="Hazel")
    stray = LocalityFactory.create(name="Leics Cty", unmatched=True)
    Demographics.objects.filter(participant=person).update(locality=stray)
    url = f"/programmes/people/{person.pk}/edit/"

    page = cora.get(url).content.decode()
    version = page.split('name="version" value="')[1].split('"')[0]
    saved = post(cora, url, {"known_as": "Hazel B", "locality": stray.pk, "version": version})

    assert f'<option value="{stray.pk}" selected>Leics Cty (unmatched)</option>' in \
        select_of(page)
    assert saved.status_code == 302
    assert Demographics.objects.get(participant=person).locality == stray
    # Nobody else can be put in it: it is offered only where it already is.
    other = participant_create(known_as="Ann")
    edit = f"/programmes/people/{other.pk}/edit/"
    version = cora.get(edit).content.decode().split('name="version" value="')[1].split('"')[0]
    refused = post(cora, edit, {"known_as": "Ann", "locality": stray.pk, "version": version})
    assert refused.status_code == 422
    assert Demographics.objects.get(participant=other).locality is None


def test_the_api_takes_a_locality_id_or_name_and_refuses_one_off_the_list(client_for,
                                                                          make_user):
    api = client_for(make_user(Role.COORDINATOR))
    stray = DemographicsFactory.create(locality=LocalityFactory.create(name="Old",
                                                                        unmatched=True))

    by_id = api.post("/api/participants", {"known_as": "A", "demographics": {
        "locality": listed("Melton").pk}}, content_type=JSON)
    by_name = api.post("/api/participants", {"known_as": "B", "demographics": {
        "locality": " melton"}}, content_type=JSON)
    unknown = api.post("/api/participants", {"known_as": "C", "demographics": {
        "locality": "Atlantis"}}, content_type=JSON)
    unmatched = api.post("/api/participants", {"known_as": "D", "demographics": {
        "locality": stray.locality_id}}, content_type=JSON)

    assert by_id.status_code == by_name.status_code == 201
    assert {r.json()["demographics"]["locality"] for r in (by_id, by_name)} == {"Melton"}
    for refused in (unknown, unmatched):
        assert refused.status_code == 422
        assert refused.json()["detail"][0]["loc"][-1] == "locality"
    assert not Participant.objects.filter(known_as__in=["C", "D"]).exists()
