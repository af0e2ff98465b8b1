"""Keep-apart and partner-support links: who may see them, and who never does."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from programmes.enums import EnrolmentStatus as S
from programmes.models import KeepApartLink, ProgrammeType
from programmes.selectors import keep_apart_partners
from programmes.services import (
    keep_apart_create,
    keep_apart_end,
    partner_support_link_create,
)
from scheduler.platform.roles import Role
from tests.factories import (
    EnrolmentFactory,
    GroupRunFactory,
    ParticipantFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(make_user):
    """Two participants kept apart, each on a run with their own facilitator."""
    her = ParticipantFactory.create(known_as="Hazel")
    him = ParticipantFactory.create(known_as="Magnus")
    link = keep_apart_create(first=him, second=her, reason="Ex-partners, injunction",
                             by=make_user(Role.COORDINATOR))
    return her, him, link


def test_keep_apart_create_stores_the_lower_id_first_whatever_the_order(linked):
    her, him, link = linked

    assert (link.person_a_id, link.person_b_id) == tuple(sorted([her.pk, him.pk]))


def test_keep_apart_pair_cannot_be_stored_reversed(linked):
    her, him, link = linked

    with pytest.raises(IntegrityError), transaction.atomic():
        KeepApartLink.objects.create(person_a_id=link.person_b_id, person_b_id=link.person_a_id,
                                     created_by=link.created_by)


def test_keep_apart_with_oneself_is_refused():
    someone = ParticipantFactory.create()

    with pytest.raises(ValidationError):
        keep_apart_create(first=someone, second=someone, by=UserFactory.create())


def test_keep_apart_partners_maps_both_ways_and_ignores_ended_links(linked):
    her, him, link = linked
    other, third = ParticipantFactory.create(), ParticipantFactory.create()
    keep_apart_end(link=keep_apart_create(first=other, second=her, by=UserFactory.create()),
                   by=UserFactory.create())

    assert keep_apart_partners([her.pk, him.pk, third.pk]) == {her.pk: {him.pk},
                                                               him.pk: {her.pk}}


def test_keep_apart_recreated_after_ending_reopens_the_same_link(linked):
    her, him, link = linked
    keep_apart_end(link=link, by=UserFactory.create())

    again = keep_apart_create(first=her, second=him, by=UserFactory.create())

    assert (again.pk, again.ended_at) == (link.pk, None)


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.MANAGER, Role.CRECHE_WORKER])
def test_keep_apart_api_refuses_everyone_but_planners(role, linked, client_for, make_user):
    client = client_for(make_user(role))

    assert client.get("/api/keep-apart").status_code == 403
    assert client.post("/api/keep-apart", {}, content_type="application/json").status_code == 403


def test_keep_apart_api_for_a_coordinator(linked, client_for, make_user):
    her, him, link = linked

    response = client_for(make_user(Role.COORDINATOR)).get(f"/api/keep-apart?participant_id="
                                                           f"{her.pk}")

    assert [item["id"] for item in response.json()["items"]] == [link.pk]


def test_linked_persons_record_never_mentions_the_other_person(linked, client_for, make_user):
    her, him, _ = linked
    facilitator = make_user(Role.FACILITATOR)
    EnrolmentFactory.create(participant=her, run=GroupRunFactory.create(facilitators=[facilitator]))

    for client in (client_for(make_user(Role.COORDINATOR)), client_for(facilitator)):
        response = client.get(f"/api/participants/{her.pk}")
        assert response.status_code == 200
        # `version` digests her own record only (known-as, identity, demographics).
        assert set(response.json()) == {"id", "reference", "known_as", "identity",
                                        "demographics", "version"}
        for secret in (him.reference, him.known_as, "injunction", "Ex-partners"):
            assert secret.encode() not in response.content


def test_register_for_the_linked_person_never_mentions_the_other(linked, client_for, make_user):
    her, him, _ = linked
    facilitator = make_user(Role.FACILITATOR)
    enrolment = EnrolmentFactory.create(participant=her,
                                 run=GroupRunFactory.create(facilitators=[facilitator]))
    session = SessionFactory.create(run=enrolment.run)

    response = client_for(facilitator).get(f"/api/sessions/{session.pk}/register")

    assert response.status_code == 200, response.content
    assert her.known_as.encode() in response.content
    for secret in (him.reference, him.known_as, "injunction"):
        assert secret.encode() not in response.content


# --- Partner support: the partner's worker sees the perpetrator's attendance status only ------

@pytest.fixture
def perpetrator_enrolment():
    run = GroupRunFactory.create(programme=ProgrammeType.objects.get(slug="perpetrator-programme"))
    SessionFactory.create_batch(26, run=run)  # no registers taken yet
    return EnrolmentFactory.create(run=run, status=S.ENROLLED)


def test_partner_support_worker_sees_status_only(perpetrator_enrolment, client_for, make_user):
    worker = make_user(Role.FACILITATOR)
    link = partner_support_link_create(enrolment=perpetrator_enrolment, worker=worker,
                                       by=make_user(Role.COORDINATOR))

    response = client_for(worker).get("/api/partner-support/mine")

    assert response.json() == [{
        "link_id": link.pk, "participant_reference": perpetrator_enrolment.participant.reference,
        "programme": "26-week perpetrator programme", "status": "enrolled",
        "outcome": "not_started"}]


def test_partner_support_is_invisible_to_other_staff(perpetrator_enrolment, client_for,
                                                     make_user):
    partner_support_link_create(enrolment=perpetrator_enrolment, worker=make_user(),
                                by=make_user(Role.COORDINATOR))

    other = client_for(make_user(Role.FACILITATOR)).get("/api/partner-support/mine")
    manager = client_for(make_user(Role.MANAGER)).get("/api/partner-support/mine")

    assert (other.json(), manager.status_code) == ([], 403)


def test_perpetrator_record_does_not_reveal_the_partner_worker(perpetrator_enrolment,
                                                               client_for, make_user):
    worker = make_user(Role.FACILITATOR, username="iss-worker", last_name="Partnerworker")
    partner_support_link_create(enrolment=perpetrator_enrolment, worker=worker,
                                by=make_user(Role.COORDINATOR))
    coordinator = client_for(make_user(Role.COORDINATOR))

    record = coordinator.get(f"/api/participants/{perpetrator_enrolment.participant_id}")
    enrolments = coordinator.get(f"/api/enrolments?run_id={perpetrator_enrolment.run_id}")

    for response in (record, enrolments):
        assert b"iss-worker" not in response.content
        assert b"Partnerworker" not in response.content


def test_partner_support_only_for_perpetrator_programmes(make_user):
    enrolment = EnrolmentFactory.create()  # Recovery Toolkit

    with pytest.raises(ValidationError):
        partner_support_link_create(enrolment=enrolment, worker=make_user(),
                                    by=make_user(Role.COORDINATOR))


def test_ended_partner_support_link_stops_the_worker_seeing_status(perpetrator_enrolment,
                                                                   client_for, make_user):
    worker = make_user(Role.FACILITATOR)
    link = partner_support_link_create(enrolment=perpetrator_enrolment, worker=worker,
                                       by=make_user(Role.COORDINATOR))

    ended = client_for(make_user(Role.COORDINATOR)).post(f"/api/partner-support/{link.pk}/end")

    assert ended.json()["ended_at"] is not None
    assert client_for(worker).get("/api/partner-support/mine").json() == []
