from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from programmes.enums import EnrolmentStatus as S
from programmes.models import Participant, ProgrammeType
from scheduler.platform.roles import Role
from tests.factories import EnrolmentFactory, GroupRunFactory, ParticipantFactory
from tests.programmes.factories import (
    KeepApartLinkFactory,
    ParticipantIdentityFactory,
    ReferralFactory,
    WaitingListEntryFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client_for, make_user):
    return client_for(make_user(Role.COORDINATOR))


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_participant_create_keeps_identity_and_demographics_apart(coordinator):
    response = post(coordinator, "/api/participants", {
        "known_as": "Robin", "legal_name": "Robin Example", "demographics": {
            "sex": "female", "gender_same_as_sex": "prefer_not", "ethnicity": "white_irish"}})

    body = response.json()
    assert response.status_code == 201, response.content
    assert body["reference"].startswith("GW-")
    assert body["identity"] == {"legal_name": "Robin Example", "address": ""}
    assert (body["demographics"]["sex"], body["demographics"]["gender_same_as_sex"],
            body["demographics"]["religion"]) == ("female", "prefer_not", "not_asked")


def test_participant_create_with_an_unknown_answer_is_422_and_saves_nothing(coordinator):
    response = post(coordinator, "/api/participants", {"known_as": "Robin",
                                                       "demographics": {"sex": "martian"}})

    assert response.status_code == 422
    assert not Participant.objects.exists()


@pytest.mark.parametrize(("body", "field"), [
    ({"known_as": "Sam\u202eyrneH"}, "known_as"),
    ({"known_as": "Robin", "legal_name": "Robin \u2067Example\u2069"}, "legal_name"),
    ({"known_as": "Robin", "demographics": {"date_of_birth": "0001-01-01"}}, "date_of_birth"),
    ({"known_as": "Robin", "demographics": {"date_of_birth": "9999-12-31"}}, "date_of_birth"),
])
def test_participant_create_refuses_hidden_direction_controls_and_impossible_birth_dates(
        coordinator, body, field):
    response = post(coordinator, "/api/participants", body)

    assert response.status_code == 422, response.content
    assert [item["loc"][-1] for item in response.json()["detail"]] == [field]
    assert not Participant.objects.exists()


@pytest.mark.parametrize("n", [1, 3])
def test_participant_list_query_count(n, coordinator, django_assert_max_num_queries):
    for _ in range(n):
        ParticipantIdentityFactory.create()

    with django_assert_max_num_queries(5):  # 4 reads + 1 access-log insert, whatever n
        response = coordinator.get("/api/participants")

    assert response.json()["count"] == n


def test_facilitator_sees_known_as_only_and_only_on_their_runs(client_for, make_user):
    facilitator = make_user(Role.FACILITATOR)
    mine = EnrolmentFactory.create(run=GroupRunFactory.create(facilitators=[facilitator]))
    ParticipantIdentityFactory.create(participant=mine.participant, legal_name="Secret Legalname")
    EnrolmentFactory.create()

    response = client_for(facilitator).get("/api/participants")

    assert response.json()["items"] == [{
        "id": mine.participant_id, "reference": mine.participant.reference,
        "known_as": mine.participant.known_as, "identity": None, "demographics": None,
        "version": None}]
    assert b"Secret Legalname" not in response.content


def test_facilitator_gets_404_for_someone_not_on_their_runs(client_for, make_user):
    other = ParticipantFactory.create()

    response = client_for(make_user(Role.FACILITATOR)).get(f"/api/participants/{other.pk}")

    assert response.status_code == 404


@pytest.mark.parametrize("url", ["/api/participants", "/api/keep-apart", "/api/referrals"])
def test_managers_are_refused_personal_records(url, client_for, make_user):
    assert client_for(make_user(Role.MANAGER)).get(url).status_code == 403


def test_referral_create_flags_repeat_and_lists(coordinator):
    earlier = ReferralFactory.create(referred_on=dt.date(2026, 3, 1))
    programme = ProgrammeType.objects.get(slug="freedom-programme")

    response = post(coordinator, "/api/referrals", {
        "participant_id": earlier.participant_id, "programme_id": programme.pk,
        "source": "marac", "referred_on": "2026-10-01", "priority": "high"})

    assert response.status_code == 201, response.content
    assert (response.json()["is_repeat"], response.json()["status"]) == (True, "waiting")


def test_referral_assessment_via_api(coordinator):
    programme = ProgrammeType.objects.get(slug="perpetrator-programme")
    created = post(coordinator, "/api/referrals", {
        "participant_id": ParticipantFactory.create().pk, "programme_id": programme.pk,
        "source": "police", "referred_on": "2026-10-01"}).json()

    response = post(coordinator, f"/api/referrals/{created['id']}/assessment", {
        "sessions_held": 2, "did_not_attend": 1, "outcome": "unsuitable"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "outcome_reason"]


@pytest.mark.parametrize("n", [1, 3])
def test_referral_list_query_count(n, coordinator, django_assert_max_num_queries):
    for _ in range(n):
        ReferralFactory.create()

    with django_assert_max_num_queries(5):  # + 1 access-log insert
        response = coordinator.get("/api/referrals")

    assert response.json()["count"] == n


def test_enrolment_transition_api_refuses_typed_completion(coordinator):
    enrolment = EnrolmentFactory.create(status=S.ENROLLED)

    response = post(coordinator, f"/api/enrolments/{enrolment.pk}/transition",
                    {"to_status": "completed"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "to_status"]


def test_enrolment_create_and_withdraw_with_history(coordinator):
    run = GroupRunFactory.create()
    created = post(coordinator, "/api/enrolments", {
        "participant_id": ParticipantFactory.create().pk, "run_id": run.pk}).json()

    post(coordinator, f"/api/enrolments/{created['id']}/transition",
         {"to_status": "withdrawn", "reason_code": "childcare_or_work", "reason": "New job"})
    events = coordinator.get(f"/api/enrolments/{created['id']}/events").json()

    assert [(e["to_status"], e["reason_code"]) for e in events] == [
        ("enrolled", "enrolled_directly"), ("withdrawn", "childcare_or_work")]


@pytest.mark.parametrize("n", [1, 3])
def test_enrolment_list_query_count(n, coordinator, django_assert_max_num_queries):
    run = GroupRunFactory.create()
    for _ in range(n):
        EnrolmentFactory.create(run=run)

    with django_assert_max_num_queries(10):  # + the page's outcomes at once, the log insert
        response = coordinator.get(f"/api/enrolments?run_id={run.pk}")

    assert response.json()["count"] == n


def test_waiting_list_offer_and_accept_via_api(coordinator):
    run = GroupRunFactory.create(capacity=1)
    entry, other = (WaitingListEntryFactory.create(referral__programme=run.programme) for _ in "ab")
    expires = (timezone.now() + dt.timedelta(days=3)).isoformat()

    offer = post(coordinator, f"/api/waiting-list/{entry.pk}/offer",
                 {"run_id": run.pk, "expires_at": expires})
    second = post(coordinator, f"/api/waiting-list/{other.pk}/offer",
                  {"run_id": run.pk, "expires_at": expires})
    accepted = post(coordinator, f"/api/waiting-list/offers/{offer.json()['id']}/accept", {})

    assert (offer.status_code, second.status_code, accepted.json()["status"]) == (
        201, 422, "accepted")


@pytest.mark.parametrize("n", [1, 3])
def test_waiting_list_query_count(n, coordinator, django_assert_max_num_queries):
    programme = ProgrammeType.objects.get(slug="freedom-programme")
    for _ in range(n):
        WaitingListEntryFactory.create(referral__programme=programme)

    with django_assert_max_num_queries(5):
        response = coordinator.get(f"/api/waiting-list?programme_id={programme.pk}")

    assert response.json()["count"] == n


def test_waiting_list_move_via_api_needs_a_reason(coordinator):
    programme = ProgrammeType.objects.get(slug="freedom-programme")
    WaitingListEntryFactory.create(referral__programme=programme)
    second = WaitingListEntryFactory.create(referral__programme=programme)

    refused = post(coordinator, f"/api/waiting-list/{second.pk}/move", {"to_position": 1})
    moved = post(coordinator, f"/api/waiting-list/{second.pk}/move",
                 {"to_position": 1, "reason": "Safe only on this day"})

    listed = coordinator.get(f"/api/waiting-list?programme_id={programme.pk}").json()["items"]
    assert (refused.status_code, moved.status_code, listed[0]["id"]) == (422, 200, second.pk)


@pytest.mark.parametrize("n", [1, 3])
def test_keep_apart_list_query_count(n, coordinator, django_assert_max_num_queries):
    for _ in range(n):
        a, b = sorted(ParticipantFactory.create_batch(2), key=lambda p: p.pk)
        KeepApartLinkFactory.create(person_a=a, person_b=b)

    with django_assert_max_num_queries(4):
        response = coordinator.get("/api/keep-apart")

    assert response.json()["count"] == n


def test_demographics_update_keeps_not_asked_prefer_not_and_unknown_distinct(coordinator):
    participant = ParticipantFactory.create()

    response = coordinator.put(f"/api/participants/{participant.pk}/demographics",
                               {"sex": "unknown", "ethnicity": "prefer_not",
                                "gender_same_as_sex": "no"}, content_type="application/json")

    demographics = response.json()["demographics"]
    assert (demographics["sex"], demographics["ethnicity"], demographics["religion"],
            demographics["gender_same_as_sex"]) == ("unknown", "prefer_not", "not_asked", "no")


def test_facilitator_cannot_update_demographics(client_for, make_user):
    participant = ParticipantFactory.create()

    response = client_for(make_user(Role.FACILITATOR)).put(
        f"/api/participants/{participant.pk}/demographics", {}, content_type="application/json")

    assert response.status_code == 403


def test_facilitator_reads_enrolments_only_on_their_own_runs(client_for, make_user):
    facilitator = make_user(Role.FACILITATOR)
    mine = EnrolmentFactory.create(run=GroupRunFactory.create(facilitators=[facilitator]))
    theirs = EnrolmentFactory.create()
    client = client_for(facilitator)

    own = client.get(f"/api/enrolments?run_id={mine.run_id}")
    other = client.get(f"/api/enrolments?run_id={theirs.run_id}")

    assert ([e["id"] for e in own.json()["items"]], other.status_code) == ([mine.pk], 404)
