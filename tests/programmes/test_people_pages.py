"""The coordinator's people pages through Django's client: participants (known-as, identity,
GOV.UK equality questions), referrals, assessments, keep-apart links, and the waiting list's
row pages. Every POST is one service call; bad input keeps what was typed; stale forms are
refused; other roles get the styled 403 and never see a keep-apart name or reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from programmes.enums import AssessmentOutcome, EntryStatus, ReferralStatus
from programmes.models import (
    Assessment,
    Demographics,
    KeepApartLink,
    Participant,
    PlacementOverride,
    PlaceOffer,
    ProgrammeType,
    Referral,
)
from programmes.services import keep_apart_create, participant_create
from scheduler.platform.roles import Role
from tests.factories import (
    LONDON,
    EnrolmentFactory,
    GroupRunFactory,
    ParticipantFactory,
    ProgrammeTypeFactory,
    RoomFactory,
    SessionFactory,
)
from tests.programmes.factories import ReferralFactory, WaitingListEntryFactory

pytestmark = pytest.mark.django_db


def post(client, url, data):
    client.get(url)
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


@pytest.fixture
def cora(browser_client_for, make_user):
    user = make_user(Role.COORDINATOR)
    client = browser_client_for(user)
    client.user = user
    return client


PERSON = {"known_as": "Hazel", "legal_name": "Hazel Example", "address": "1 Fictional Road",
          "dob_day": "27", "dob_month": "3", "dob_year": "1985", "sex": "female",
          "gender_same_as_sex": "prefer_not", "ethnic_group": "white",
          "ethnicity": "white_irish", "religion": "prefer_not", "version": ""}


def test_create_a_participant_with_equality_answers(cora):
    response = post(cora, "/programmes/people/new/", PERSON)

    person = Participant.objects.get()
    d = person.demographics
    assert response.status_code == 302
    assert response.url == f"/programmes/people/{person.pk}/"
    assert (person.known_as, person.identity.legal_name) == ("Hazel", "Hazel Example")
    assert (d.date_of_birth, d.sex, d.gender_same_as_sex, d.ethnic_group, d.ethnicity,
            d.religion, d.disability) == (dt.date(1985, 3, 27), "female", "prefer_not",
                                          "white", "white_irish", "prefer_not", "not_asked")


def test_every_equality_question_is_optional(cora):
    post(cora, "/programmes/people/new/", {"known_as": "Sam"})

    d = Demographics.objects.get()
    assert (d.sex, d.ethnic_group, d.ethnicity, d.date_of_birth) == (
        "not_asked", "not_asked", "not_asked", None)
    assert not hasattr(Participant.objects.get(), "identity")


def test_background_outside_its_group_is_a_field_error_and_keeps_the_input(cora):
    response = post(cora, "/programmes/people/new/",
                    {**PERSON, "ethnic_group": "asian", "ethnicity": "white_irish"})

    assert response.status_code == 422
    assert Participant.objects.count() == 0  # nothing half-saved
    assert "Choose a background within the ethnic group" in response.content.decode()
    assert 'value="Hazel Example"' in response.content.decode()


@pytest.mark.parametrize("dob", [("31", "2", "1985"), ("", "3", "1985"), ("1", "1", "1850")])
def test_an_impossible_date_of_birth_is_refused_on_the_field(cora, dob):
    day, month, year = dob
    response = post(cora, "/programmes/people/new/",
                    {**PERSON, "dob_day": day, "dob_month": month, "dob_year": year})

    assert response.status_code == 422
    assert Participant.objects.count() == 0


def test_a_background_alone_sets_its_group(cora):
    post(cora, "/programmes/people/new/", {"known_as": "Ana", "ethnicity": "black_african"})

    assert Demographics.objects.get().ethnic_group == "black"


def test_edit_keeps_identity_apart_and_refuses_a_stale_form(cora):
    person = participant_create(known_as="Hazel", legal_name="Hazel Example")
    page = cora.get(f"/programmes/people/{person.pk}/edit/").content.decode()
    version = page.split('name="version" value="')[1].split('"')[0]
    first = post(cora, f"/programmes/people/{person.pk}/edit/",
                 {**PERSON, "known_as": "Hazel B", "version": version})
    stale = post(cora, f"/programmes/people/{person.pk}/edit/",
                 {**PERSON, "known_as": "Hazel C", "version": version})

    person.refresh_from_db()
    assert first.status_code == 302
    assert stale.status_code == 422
    assert "Someone else changed this person" in stale.content.decode()
    assert person.known_as == "Hazel B"


def test_list_searches_by_name_or_reference_and_paginates(cora, django_assert_max_num_queries):
    people = [ParticipantFactory.create(known_as=f"Person {n:02}") for n in range(30)]
    hazel = ParticipantFactory.create(known_as="Hazel")

    with django_assert_max_num_queries(12):
        first = cora.get("/programmes/people/").content.decode()
    by_name = cora.get("/programmes/people/?q=haz").content.decode()
    by_ref = cora.get(f"/programmes/people/?q={hazel.reference.lower()}").content.decode()
    second = cora.get("/programmes/people/?page=2").content.decode()

    assert "Page 1 of 2" in first
    assert people[29].reference in second and people[29].reference not in first
    assert hazel.reference in by_name and people[0].reference not in by_name
    assert hazel.reference in by_ref


def test_referral_then_assessment_puts_her_on_the_waiting_list(cora):
    programme = ProgrammeTypeFactory.create(requires_assessment=True)
    person = ParticipantFactory.create()
    post(cora, f"/programmes/people/{person.pk}/referrals/new/", {
        "programme": programme.pk, "source": "self", "referred_on": "2026-11-02",
        "priority": "standard"})
    referral = Referral.objects.get()
    response = post(cora, f"/programmes/referrals/{referral.pk}/assessment/", {
        "sessions_held": "2", "did_not_attend": "1", "outcome": "suitable",
        "decided_on": "2026-11-20", "outcome_reason": ""})

    referral.refresh_from_db()
    assert response.status_code == 302
    assert (referral.source, referral.status) == ("self", ReferralStatus.WAITING)
    assert (referral.assessment.outcome, referral.assessment.decided_on) == (
        AssessmentOutcome.SUITABLE, dt.date(2026, 11, 20))
    assert person.waiting_list_entries.get().status == EntryStatus.WAITING


def test_referral_errors_sit_on_their_fields(cora):
    person = ParticipantFactory.create()
    programme = ProgrammeTypeFactory.create()
    response = post(cora, f"/programmes/people/{person.pk}/referrals/new/", {
        "programme": programme.pk, "source": "other_agency", "referred_on": "2026-11-02",
        "priority": "standard", "referring_agency": ""})

    assert response.status_code == 422
    assert "Name the referring agency." in response.content.decode()
    assert Referral.objects.count() == 0


def test_unsuitable_needs_a_reason_and_a_stale_assessment_is_refused(cora):
    referral = ReferralFactory.create(programme__requires_assessment=True)
    Assessment.objects.create(referral=referral)
    url = f"/programmes/referrals/{referral.pk}/assessment/"
    no_reason = post(cora, url, {"sessions_held": "1", "did_not_attend": "0",
                                 "outcome": "unsuitable", "outcome_reason": ""})
    page = cora.get(url).content.decode()
    version = page.split('name="version" value="')[1].split('"')[0]
    Assessment.objects.filter(referral=referral).update(sessions_held=4)
    stale = post(cora, url, {"sessions_held": "1", "did_not_attend": "0", "outcome": "pending",
                             "version": version})

    assert no_reason.status_code == 422
    assert "Say why the participant is unsuitable." in no_reason.content.decode()
    assert stale.status_code == 422
    assert "Someone else recorded this assessment" in stale.content.decode()


def test_keep_apart_create_list_and_end(cora):
    hazel, magnus = ParticipantFactory.create(known_as="Hazel"), ParticipantFactory.create(
        known_as="Magnus")
    url = f"/programmes/people/{hazel.pk}/keep-apart/"
    created = post(cora, url, {"other_reference": magnus.reference, "reason": "Injunction",
                               "buffer_minutes": "90"})
    again = post(cora, url, {"other_reference": magnus.reference, "reason": "x",
                             "buffer_minutes": "60"})
    listed = cora.get(url).content.decode()
    link = KeepApartLink.objects.get()
    ended = post(cora, f"/programmes/keep-apart/{link.pk}/end/", {"participant": hazel.pk})

    link.refresh_from_db()
    assert created.status_code == 302
    assert again.status_code == 422 and "already kept apart" in again.content.decode()
    assert "Magnus" in listed and "Injunction" in listed
    assert (link.reason, link.buffer_minutes) == ("Injunction", 90)
    assert ended.url == url and link.ended_at is not None


def test_keep_apart_with_an_unknown_reference_is_a_field_error(cora):
    hazel = ParticipantFactory.create()
    response = post(cora, f"/programmes/people/{hazel.pk}/keep-apart/",
                    {"other_reference": "GW-NONE-NONE", "buffer_minutes": "60"})

    assert response.status_code == 422
    assert "No one has this reference." in response.content.decode()
    assert 'value="GW-NONE-NONE"' in response.content.decode()


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.MANAGER, Role.CRECHE_WORKER])
def test_people_pages_refuse_other_roles_with_the_styled_403(role, browser_client_for,
                                                             make_user):
    coordinator = make_user(Role.COORDINATOR)
    hazel, magnus = ParticipantFactory.create(), ParticipantFactory.create(known_as="Magnus")
    link = keep_apart_create(first=hazel, second=magnus, reason="Injunction", by=coordinator)
    referral = ReferralFactory.create(participant=hazel)
    entry = WaitingListEntryFactory.create()
    client = browser_client_for(make_user(role))

    for url in ("/programmes/people/", "/programmes/people/new/",
                f"/programmes/people/{hazel.pk}/", f"/programmes/people/{hazel.pk}/edit/",
                f"/programmes/people/{hazel.pk}/referrals/new/", "/programmes/referrals/",
                f"/programmes/referrals/{referral.pk}/edit/",
                f"/programmes/referrals/{referral.pk}/assessment/",
                f"/programmes/people/{hazel.pk}/keep-apart/",
                f"/programmes/waiting-list/entry/{entry.pk}/"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "You cannot open this page" in response.content.decode()
        assert "Magnus" not in response.content.decode()
        assert "Injunction" not in response.content.decode()
    client.get("/")
    ended = client.post(f"/programmes/keep-apart/{link.pk}/end/",
                        {"csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    assert ended.status_code == 403
    link.refresh_from_db()
    assert link.ended_at is None


def _run_with_him(programme: ProgrammeType):
    """His group and her run share a venue and evening: a keep-apart conflict."""
    start = dt.datetime(2027, 1, 5, 18, tzinfo=LONDON)
    his = GroupRunFactory.create()
    SessionFactory.create(run=his, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    hers = GroupRunFactory.create(programme=programme, room=RoomFactory.create(venue=his.venue),
                                  capacity=5, status="open", name="Her run")
    SessionFactory.create(run=hers, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    return his, hers, EnrolmentFactory.create(run=his, participant__known_as="Magnus",
                                              status="started")


def test_offer_from_the_entry_page_warns_of_keep_apart_then_audits_the_override(cora):
    programme = ProgrammeTypeFactory.create()
    his, hers, him = _run_with_him(programme)
    entry = WaitingListEntryFactory.create(referral__programme=programme,
                                           referral__participant__known_as="Hazel")
    keep_apart_create(first=entry.participant, second=him.participant, reason="Injunction",
                      by=cora.user)
    url = f"/programmes/waiting-list/entry/{entry.pk}/"
    refused = post(cora, url, {"action": "offer", "offer-run": hers.pk, "offer-days": "7"})
    placed = post(cora, url, {"action": "offer", "offer-run": hers.pk, "offer-days": "7",
                              "offer-override_reason": "Different entrances, staff escort"})

    assert refused.status_code == 422
    assert "Magnus" in refused.content.decode() and "Injunction" in refused.content.decode()
    assert placed.status_code == 302
    offer = PlaceOffer.objects.get()
    assert PlacementOverride.objects.get().path == "offer"
    accepted = post(cora, f"/programmes/offers/{offer.pk}/", {"action": "accept"})
    assert accepted.status_code == 302 and accepted.url == f"/programmes/runs/{hers.pk}/enrolments/"
    offer.refresh_from_db()
    assert offer.status == "accepted"


def test_move_without_a_reason_is_an_error_on_the_field(cora):
    programme = ProgrammeTypeFactory.create()
    WaitingListEntryFactory.create(referral__programme=programme)
    second = WaitingListEntryFactory.create(referral__programme=programme)
    response = post(cora, f"/programmes/waiting-list/entry/{second.pk}/",
                    {"action": "move", "move-to_position": "1", "move-reason": ""})

    assert response.status_code == 422
    assert 'id="id_move-reason"' in response.content.decode()
    assert "This field is required." in response.content.decode()


def test_waiting_list_is_one_compact_table_with_one_action_per_row(cora):
    programme = ProgrammeTypeFactory.create()
    for _ in range(3):
        WaitingListEntryFactory.create(referral__programme=programme)

    page = cora.get(f"/programmes/{programme.pk}/waiting-list/").content.decode()

    table = page.split('id="waiting-table"')[1].split("</table>")[0]
    assert table.count("<tr>") == 4 and table.count("<form") == 0
    assert table.count('class="button"') == 3


def test_run_form_records_the_creche_need(cora):
    run = GroupRunFactory.create(capacity=10)
    page = cora.get(f"/programmes/runs/{run.pk}/edit/").content.decode()
    version = page.split('name="version" value="')[1].split('"')[0]
    response = post(cora, f"/programmes/runs/{run.pk}/edit/", {
        "programme": run.programme_id, "name": run.name, "venue": run.venue_id,
        "capacity": "10", "creche_places": "6", "status": run.status, "version": version})

    run.refresh_from_db()
    assert response.status_code == 302
    assert run.creche_places == 6


# --- The API calls the same services -------------------------------------------------------

def test_api_put_participant_refuses_a_stale_version_and_hides_it_from_facilitators(
        client_for, make_user):
    person = participant_create(known_as="Hazel", legal_name="Hazel Example")
    coordinator, facilitator = client_for(make_user(Role.COORDINATOR)), client_for(make_user())
    EnrolmentFactory.create(participant=person, run__facilitators=[])
    version = coordinator.get(f"/api/participants/{person.pk}").json()["version"]
    body = {"known_as": "Hazel B", "legal_name": "Hazel Example",
            "demographics": {"religion": "prefer_not"}, "version": version}

    first = coordinator.put(f"/api/participants/{person.pk}", body, content_type="application/json")
    stale = coordinator.put(f"/api/participants/{person.pk}", body | {"known_as": "Hazel C"},
                            content_type="application/json")
    refused = facilitator.put(f"/api/participants/{person.pk}", body,
                              content_type="application/json")

    assert first.status_code == 200
    assert (first.json()["known_as"], first.json()["demographics"]["religion"]) == (
        "Hazel B", "prefer_not")
    assert stale.status_code == 422
    assert refused.status_code == 403


def test_api_put_referral_updates_it_through_the_service(client_for, make_user):
    referral = ReferralFactory.create()
    client = client_for(make_user(Role.COORDINATOR))
    version = client.get(f"/api/referrals/{referral.pk}").json()["version"]
    body = {"source": "police", "referred_on": "2026-09-03", "version": version}

    done = client.put(f"/api/referrals/{referral.pk}", body, content_type="application/json")
    stale = client.put(f"/api/referrals/{referral.pk}", body, content_type="application/json")
    agency = client.put(f"/api/referrals/{referral.pk}",
                        {"source": "other_agency", "referred_on": "2026-09-03"},
                        content_type="application/json")

    assert (done.status_code, done.json()["source"]) == (200, "police")
    assert stale.status_code == 422
    assert agency.status_code == 422 and "referring_agency" in str(agency.json())


def _query_counts(client, urls):
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        counts.append(len(queries))
    return counts


def test_list_pages_take_the_same_queries_for_one_row_or_twenty(cora):
    programme = ProgrammeTypeFactory.create()
    person = ParticipantFactory.create()
    urls = ["/programmes/people/", "/programmes/referrals/",
            f"/programmes/{programme.pk}/waiting-list/", f"/programmes/people/{person.pk}/",
            f"/programmes/people/{person.pk}/keep-apart/"]

    def add(rows: int) -> None:
        for _ in range(rows):
            entry = WaitingListEntryFactory.create(referral__programme=programme)
            ReferralFactory.create(participant=person)
            keep_apart_create(first=person, second=entry.participant, by=cora.user)

    add(1)
    one = _query_counts(cora, urls)
    add(19)
    twenty = _query_counts(cora, urls)

    assert one == twenty
    assert max(one) <= 10


def test_an_unknown_answer_from_the_api_survives_an_edit_on_the_page(cora):
    person = participant_create(known_as="Hazel", demographics={"sexual_orientation": "unknown"})
    page = cora.get(f"/programmes/people/{person.pk}/edit/").content.decode()
    version = page.split('name="version" value="')[1].split('"')[0]

    post(cora, f"/programmes/people/{person.pk}/edit/", {**PERSON, "version": version})

    assert Demographics.objects.get().sexual_orientation == "unknown"
