"""The administrators' subject-access and erasure pages: find, download (audited), confirm."""

from __future__ import annotations

import json

import pytest

from programmes.models import Participant
from scheduler.models import AccessRecord, ErasureRecord
from scheduler.platform.roles import Role

pytestmark = pytest.mark.django_db


def csrf_post(client, url, data):  # type: ignore[no-untyped-def]
    client.get(url)
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


@pytest.fixture
def admin_client(make_user, browser_client_for):
    return browser_client_for(make_user(Role.ADMIN))


def test_finding_by_reference_leads_to_the_participants_page(two_people, admin_client):
    canary, _ = two_people
    ref = canary.participant.reference

    found = admin_client.get(f"/privacy/participants/?reference={ref.lower()}")
    missing = admin_client.get("/privacy/participants/?reference=GW-0000-0000")

    assert found.status_code == 302
    assert found["Location"] == f"/privacy/participants/{canary.participant.pk}/"
    assert missing.status_code == 422
    assert "No participant has this reference." in missing.content.decode()


@pytest.mark.parametrize("fmt, kind", [("json", "application/json"), ("html", "text/html")])
def test_subject_access_download_is_audited(two_people, admin_client, fmt, kind):
    canary, _ = two_people
    pk = canary.participant.pk

    response = admin_client.get(f"/privacy/participants/{pk}/subject-access.{fmt}")

    assert response.status_code == 200
    assert response["Content-Type"].startswith(kind)
    assert "attachment" in response["Content-Disposition"]
    assert "Canary Legal" in response.content.decode()
    assert list(AccessRecord.objects.values_list("action", "object_type", "object_ids")) == [
        ("export", "subject_access", str(pk))]
    if fmt == "json":
        assert json.loads(response.content)["identity"]["legal_name"] == "Canary Legal"


def test_erasure_needs_the_reference_typed_again_and_a_reason(two_people, admin_client):
    canary, _ = two_people
    p = canary.participant
    url = f"/privacy/participants/{p.pk}/erase/"

    assert admin_client.get(url).status_code == 200
    wrong = csrf_post(admin_client, url, {"confirm": "GW-0000-0000", "reason": "request"})
    assert wrong.status_code == 422
    assert ErasureRecord.objects.count() == 0

    done = csrf_post(admin_client, url, {"confirm": p.reference.lower(), "reason": "Art. 17"})

    assert done.status_code == 302
    assert Participant.objects.get(pk=p.pk).known_as == "Erased"
    record = ErasureRecord.objects.get()
    assert (record.participant_id, record.reason) == (p.pk, "Art. 17")
    assert AccessRecord.objects.filter(object_type="participant_erasure").count() == 1


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MANAGER, Role.FACILITATOR,
                                  Role.CRECHE_WORKER])
def test_only_administrators_open_the_data_protection_pages(two_people, role, make_user,
                                                            browser_client_for):
    canary, _ = two_people
    pk = canary.participant.pk
    client = browser_client_for(make_user(role))

    for url in ("/privacy/participants/", f"/privacy/participants/{pk}/",
                f"/privacy/participants/{pk}/subject-access.json",
                f"/privacy/participants/{pk}/erase/"):
        assert client.get(url).status_code == 403, url
    assert csrf_post(client, f"/privacy/participants/{pk}/erase/",
                     {"confirm": canary.participant.reference, "reason": "x"}
                     ).status_code == 403
    assert ErasureRecord.objects.count() == 0
    assert AccessRecord.objects.count() == 0


def test_an_unknown_format_or_participant_is_a_404(admin_client):
    assert admin_client.get("/privacy/participants/999/").status_code == 404
    assert admin_client.get("/privacy/participants/999/subject-access.pdf").status_code == 404
