"""Keep-apart on every path into a place: enrolment, transition, offer and acceptance.

A survivor must not be booked onto a run at the same venue and time as the perpetrator she is
kept apart from. The refusal names nobody to a facilitator; a coordinator may override it
only with a reason, and the override is audited.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from programmes.enums import EnrolmentStatus as S
from programmes.models import Enrolment, PlacementOverride
from programmes.services import (
    enrolment_create,
    enrolment_transition,
    keep_apart_create,
    offer_accept,
    place_offer,
)
from programmes.services.placement import RESTRICTED_MESSAGE, placement_conflicts
from scheduler.platform.roles import Role
from tests.factories import (
    EnrolmentFactory,
    GroupRunFactory,
    ParticipantFactory,
    RoomFactory,
    SessionFactory,
)
from tests.programmes.factories import WaitingListEntryFactory

pytestmark = pytest.mark.django_db

HOURS = dt.timedelta(hours=2)


def _next_tuesday_evening() -> dt.datetime:
    today = timezone.localdate() + dt.timedelta(days=7)
    day = today + dt.timedelta(days=(1 - today.weekday()) % 7)
    return dt.datetime.combine(day, dt.time(18), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def clash(make_user):
    """Her run and his run meet in two rooms of one venue on the same evening; he is on his."""
    start = _next_tuesday_evening()
    his_run = GroupRunFactory.create(name="Tuesday men's group")
    her_run = GroupRunFactory.create(room=RoomFactory.create(venue=his_run.venue),
                                     programme=his_run.programme)
    SessionFactory.create(run=his_run, starts_at=start, ends_at=start + HOURS)
    session = SessionFactory.create(run=her_run, starts_at=start, ends_at=start + HOURS)
    her = ParticipantFactory.create(known_as="Hazel")
    him = EnrolmentFactory.create(run=his_run, participant__known_as="Magnus",
                                  status=S.STARTED).participant
    link = keep_apart_create(first=her, second=him, reason="Injunction in place",
                             by=make_user(Role.COORDINATOR))
    return her, him, her_run, session, link


def test_placement_conflicts_find_the_linked_person_at_the_same_venue_and_time(clash):
    her, him, her_run, session, link = clash

    found = placement_conflicts(participant_id=her.pk, run=her_run)

    assert [(c.link_id, c.session_id, c.other_participant_id) for c in found] == [
        (link.pk, session.pk, him.pk)]


def test_placement_conflicts_ignore_an_ended_link_and_another_venue(clash, make_user):
    her, _him, her_run, _session, link = clash
    link.ended_at = timezone.now()
    link.save()
    elsewhere = GroupRunFactory.create()
    SessionFactory.create(run=elsewhere, starts_at=_next_tuesday_evening(),
                          ends_at=_next_tuesday_evening() + HOURS)

    assert placement_conflicts(participant_id=her.pk, run=her_run) == []
    assert placement_conflicts(participant_id=her.pk, run=elsewhere) == []


def test_enrolment_into_a_keep_apart_conflict_is_refused_without_an_override(clash, make_user):
    her, him, her_run, _session, link = clash

    with pytest.raises(ValidationError) as caught:
        enrolment_create(participant=her, run=her_run, by=make_user(Role.COORDINATOR))

    [message] = caught.value.message_dict["keep_apart"]
    assert f"Keep-apart link {link.pk}: participant {him.pk}" in message
    assert "Magnus" not in message and "Injunction" not in message
    assert Enrolment.objects.filter(participant=her).count() == 0


def test_enrolment_with_a_coordinators_override_is_accepted_and_audited(clash, make_user):
    her, _him, her_run, _session, link = clash
    coordinator = make_user(Role.COORDINATOR)

    enrolment = enrolment_create(participant=her, run=her_run, by=coordinator,
                                 override_reason="Different entrances; staff escort")

    override = PlacementOverride.objects.get()
    assert (override.enrolment, override.by, override.path, override.reason,
            list(override.links.all())) == (
        enrolment, coordinator, "enrolment", "Different entrances; staff escort", [link])
    assert override.at is not None


def test_a_facilitator_learns_only_that_a_rule_applies_and_cannot_override(clash, make_user):
    """The walk-in confirmation on a register calls enrolment_create as the facilitator."""
    her, _him, her_run, _session, _link = clash
    facilitator = make_user(Role.FACILITATOR)

    with pytest.raises(ValidationError) as refused:
        enrolment_create(participant=her, run=her_run, by=facilitator)
    with pytest.raises(ValidationError) as overriding:
        enrolment_create(participant=her, run=her_run, by=facilitator, override_reason="Fine")

    assert refused.value.message_dict == {"keep_apart": [RESTRICTED_MESSAGE]}
    assert set(overriding.value.message_dict) == {"override_reason"}
    assert (Enrolment.objects.filter(participant=her).count(),
            PlacementOverride.objects.count()) == (0, 0)


def test_referred_enrolment_takes_no_place_so_is_not_checked(clash, make_user):
    her, _him, her_run, _session, _link = clash

    enrolment_create(participant=her, run=her_run, status=S.REFERRED,
                     by=make_user(Role.COORDINATOR))

    assert Enrolment.objects.get(participant=her).status == S.REFERRED


def test_transition_to_enrolled_runs_the_check(clash, make_user):
    her, _him, her_run, _session, _link = clash
    coordinator = make_user(Role.COORDINATOR)
    enrolment = enrolment_create(participant=her, run=her_run, status=S.REFERRED,
                                 by=coordinator)

    with pytest.raises(ValidationError) as caught:
        enrolment_transition(enrolment=enrolment, to_status=S.ENROLLED, by=coordinator)
    enrolment_transition(enrolment=enrolment, to_status=S.ENROLLED, by=coordinator,
                         override_reason="Agreed with her worker")

    assert set(caught.value.message_dict) == {"keep_apart"}
    assert PlacementOverride.objects.get().path == "transition"


def test_offer_is_checked_and_its_override_carries_to_acceptance(clash, make_user):
    her, _him, her_run, _session, _link = clash
    coordinator = make_user(Role.COORDINATOR)
    entry = WaitingListEntryFactory.create(participant=her, programme=her_run.programme,
                                           referral__participant=her,
                                           referral__programme=her_run.programme)
    expires = timezone.now() + dt.timedelta(days=3)

    with pytest.raises(ValidationError):
        place_offer(entry=entry, run=her_run, expires_at=expires, by=coordinator)
    offer = place_offer(entry=entry, run=her_run, expires_at=expires, by=coordinator,
                        override_reason="Separate rooms and times agreed")
    offer_accept(offer=offer, by=coordinator)

    assert Enrolment.objects.get(participant=her).status == S.ENROLLED
    assert list(PlacementOverride.objects.values_list("path", flat=True)) == ["offer"]


def test_acceptance_refuses_a_conflict_that_arose_after_the_offer(make_user):
    start = _next_tuesday_evening()
    coordinator = make_user(Role.COORDINATOR)
    her_run = GroupRunFactory.create()
    SessionFactory.create(run=her_run, starts_at=start, ends_at=start + HOURS)
    entry = WaitingListEntryFactory.create(referral__programme=her_run.programme)
    offer = place_offer(entry=entry, run=her_run, expires_at=timezone.now() + dt.timedelta(days=3),
                        by=coordinator)
    his = EnrolmentFactory.create(run=GroupRunFactory.create(room=RoomFactory.create(
        venue=her_run.venue)), status=S.STARTED)
    SessionFactory.create(run=his.run, starts_at=start, ends_at=start + HOURS)
    keep_apart_create(first=entry.participant, second=his.participant, by=coordinator)

    with pytest.raises(ValidationError) as caught:
        offer_accept(offer=offer, by=coordinator)

    assert set(caught.value.message_dict) == {"keep_apart"}
    assert Enrolment.objects.get(participant=entry.participant).status == S.OFFERED


# --- the API answers with the same conflict ---------------------------------------------------

def _post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_api_enrolment_into_a_conflict_is_a_field_level_422_then_201_with_override(
        clash, client_for, make_user):
    her, him, her_run, _session, link = clash
    coordinator = client_for(make_user(Role.COORDINATOR))
    body = {"participant_id": her.pk, "run_id": her_run.pk}

    refused = _post(coordinator, "/api/enrolments", body)
    accepted = _post(coordinator, "/api/enrolments", body | {"override_reason": "Escorted"})

    assert refused.status_code == 422, refused.content
    assert f"Keep-apart link {link.pk}: participant {him.pk}" in refused.content.decode()
    assert "Magnus" not in refused.content.decode()
    assert accepted.status_code == 201, accepted.content
    assert PlacementOverride.objects.get().reason == "Escorted"


def test_api_offer_accept_still_takes_an_empty_body(clash, client_for, make_user):
    her, _him, her_run, _session, _link = clash
    coordinator = client_for(make_user(Role.COORDINATOR))
    entry = WaitingListEntryFactory.create(participant=her, programme=her_run.programme,
                                           referral__participant=her,
                                           referral__programme=her_run.programme)
    expires = (timezone.now() + dt.timedelta(days=2)).isoformat()

    refused = _post(coordinator, f"/api/waiting-list/{entry.pk}/offer",
                    {"run_id": her_run.pk, "expires_at": expires})
    offer = _post(coordinator, f"/api/waiting-list/{entry.pk}/offer",
                  {"run_id": her_run.pk, "expires_at": expires, "override_reason": "Agreed"})
    accepted = coordinator.post(f"/api/waiting-list/offers/{offer.json()['id']}/accept", b"",
                                content_type="application/json")

    assert (refused.status_code, offer.status_code, accepted.status_code) == (422, 201, 200)


# --- the run page warns before confirming ------------------------------------------------------

def _page_post(client, url, data):
    client.get(url)
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


def test_run_page_warns_of_the_conflict_with_who_and_why_then_enrols_with_a_reason(
        clash, browser_client_for, make_user):
    her, _him, her_run, _session, _link = clash
    coordinator = make_user(Role.COORDINATOR)
    client = browser_client_for(coordinator)
    url = f"/programmes/runs/{her_run.pk}/enrolments/"

    warned = _page_post(client, url, {"participant": her.pk})
    enrolled = _page_post(client, url, {"participant": her.pk,
                                        "override_reason": "Separate entrance, escorted"})

    page = warned.content.decode()
    assert warned.status_code == 422
    assert "Keep-apart conflict" in page and "Magnus" in page and "Injunction in place" in page
    assert 'name="override_reason"' in page
    assert enrolled.status_code == 302
    override = PlacementOverride.objects.get()
    assert (override.by, override.reason) == (coordinator, "Separate entrance, escorted")
    assert "Completion so far" in client.get(url).content.decode()
