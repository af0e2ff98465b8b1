"""Feedback, the complaints log and next steps over the API: bad input is a field-level 422,
facilitators see their own groups only, managers nothing personal."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from programmes.enums import EnrolmentStatus
from programmes.models import CommentTheme, Feedback, NamedFeedback, Referral
from programmes.services.feedback import ANONYMOUS_WITH_ID, feedback_record
from scheduler.platform.roles import Role
from tests.factories import LONDON, EnrolmentFactory, GroupRunFactory, ProgrammeTypeFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 14, tzinfo=LONDON)


@pytest.fixture
def world(make_user):  # type: ignore[no-untyped-def]
    fran = make_user(Role.FACILITATOR)
    mine = GroupRunFactory.create(facilitators=[fran])
    theirs = GroupRunFactory.create(facilitators=[make_user(Role.FACILITATOR)])
    sam = EnrolmentFactory.create(run=mine, status=EnrolmentStatus.COMPLETED)
    kim = EnrolmentFactory.create(run=theirs, status=EnrolmentStatus.COMPLETED)
    return fran, mine, theirs, sam, kim


def fields_of(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {str(e["loc"][-1]): e["msg"] for e in response.json()["detail"]}


@time_machine.travel(NOW)
def test_paper_feedback_is_stored_anonymously_through_the_api(client_for, world):
    fran, mine, _, _, _ = world

    response = client_for(fran).post("/api/feedback", {
        "run_id": mine.pk, "received_on": "2026-11-19", "rating": 4, "comment": "Good"},
        content_type="application/json")

    assert response.status_code == 201, response.content
    assert response.json() | {"id": "-"} == {
        "id": "-", "programme_id": mine.programme_id, "run_id": mine.pk,
        "received_on": "2026-11-19", "rating": 4, "comment": "Good", "mode": "paper",
        "named_enrolment_id": None}
    assert not NamedFeedback.objects.exists()


@time_machine.travel(NOW)
@pytest.mark.parametrize(("extra", "field", "message"), [
    ({"participant_id": 7}, "participant_id", ANONYMOUS_WITH_ID),
    ({"enrolment_id": "sam"}, "enrolment_id", ANONYMOUS_WITH_ID),
    ({"participant": 7}, "participant", "Extra inputs are not permitted"),
    ({"rating": 6}, "rating", "Input should be less than or equal to 5"),
    ({"rating": 0}, "rating", "Input should be greater than or equal to 1"),
])
def test_anonymous_feedback_with_an_id_or_off_the_scale_is_refused(client_for, world, extra,
                                                                   field, message):
    fran, mine, _, sam, _ = world
    if extra.get("enrolment_id") == "sam":
        extra = {"enrolment_id": sam.pk}

    response = client_for(fran).post("/api/feedback", {
        "run_id": mine.pk, "received_on": "2026-11-19", "rating": 3, **extra},
        content_type="application/json")

    assert (response.status_code, fields_of(response)) == (422, {field: message})
    assert not Feedback.objects.exists()


@time_machine.travel(NOW)
def test_named_feedback_through_the_api_links_her_when_she_chose(client_for, world):
    fran, mine, _, sam, _ = world

    response = client_for(fran).post("/api/feedback", {
        "run_id": mine.pk, "received_on": "2026-11-19", "rating": 5, "anonymous": False,
        "enrolment_id": sam.pk}, content_type="application/json")

    assert (response.status_code, response.json()["named_enrolment_id"]) == (201, sam.pk)


@time_machine.travel(NOW)
def test_a_facilitator_reads_and_enters_feedback_for_her_own_groups_only(client_for, world):
    fran, mine, theirs, _, _ = world
    for run in (mine, theirs):
        feedback_record(run=run, received_on=NOW.date(), mode="tablet", rating=3,
                        comment=f"About {run.name}")
    client = client_for(fran)

    listed = client.get("/api/feedback").json()
    other = client.post("/api/feedback", {"run_id": theirs.pk, "received_on": "2026-11-19",
                                          "rating": 3}, content_type="application/json")

    assert [f["run_id"] for f in listed["items"]] == [mine.pk]
    assert (other.status_code, fields_of(other)) == (422, {"run_id": "Unknown id."})


@time_machine.travel(NOW)
def test_managers_reach_no_feedback_log_or_next_step(client_for, make_user, world):
    _, _, _, sam, _ = world
    client = client_for(make_user(Role.MANAGER))

    codes = [client.get(url).status_code for url in (
        "/api/feedback", "/api/comments", "/api/comment-themes",
        f"/api/enrolments/{sam.pk}/next-step")]

    assert codes == [403, 403, 403, 403]


@time_machine.travel(NOW)
def test_a_complaint_moves_through_its_lifecycle_over_the_api(client_for, make_user):
    client = client_for(make_user(Role.COORDINATOR))
    theme = CommentTheme.objects.get_or_create(name="Waiting time")[0]

    made = client.post("/api/comments", {
        "kind": "complaint", "received_on": "2026-11-02", "channel": "phone",
        "theme_ids": [theme.pk], "summary": "Waited three months"},
        content_type="application/json")
    pk = made.json()["id"]
    early = client.post(f"/api/comments/{pk}/resolve", {
        "resolved_on": "2026-11-03", "outcome": "upheld"}, content_type="application/json")
    backwards = client.post(f"/api/comments/{pk}/acknowledge", {
        "acknowledged_on": "2026-11-01"}, content_type="application/json")
    acked = client.post(f"/api/comments/{pk}/acknowledge", {
        "acknowledged_on": "2026-11-04"}, content_type="application/json")
    resolved = client.post(f"/api/comments/{pk}/resolve", {
        "resolved_on": "2026-11-10", "outcome": "partly_upheld"},
        content_type="application/json")

    assert made.status_code == 201 and made.json()["status"] == "received"
    assert (early.status_code, fields_of(early)) == (
        422, {"resolved_on": "Acknowledge it before resolving it."})
    assert (backwards.status_code, list(fields_of(backwards))) == (422, ["acknowledged_on"])
    assert (acked.status_code, acked.json()["status"]) == (200, "acknowledged")
    assert (resolved.status_code, resolved.json()["status"], resolved.json()["outcome"]) == (
        200, "resolved", "partly_upheld")


@time_machine.travel(NOW)
def test_a_facilitators_next_step_makes_the_follow_on_referral(client_for, world):
    fran, _, _, sam, kim = world
    follow_on = ProgrammeTypeFactory.create()
    client = client_for(fran)

    made = client.post(f"/api/enrolments/{sam.pk}/next-step", {
        "step": "follow_on_group", "programme_id": follow_on.pk},
        content_type="application/json")
    read = client.get(f"/api/enrolments/{sam.pk}/next-step")
    not_hers = client.post(f"/api/enrolments/{kim.pk}/next-step", {"step": "none"},
                           content_type="application/json")

    referral = Referral.objects.get()
    assert made.status_code == 201
    assert made.json() == read.json() == {
        "enrolment_id": sam.pk, "step": "follow_on_group", "programme_id": follow_on.pk,
        "detail": "", "follow_on_referral_id": referral.pk, "recorded_on": "2026-11-20"}
    assert (referral.participant_id, referral.method_of_access) == (sam.participant_id,
                                                                     "follow_on")
    assert not_hers.status_code == 404


def test_a_referral_over_the_api_carries_its_method_of_access(client_for, make_user):
    enrolment = EnrolmentFactory.create()

    response = client_for(make_user(Role.COORDINATOR)).post("/api/referrals", {
        "participant_id": enrolment.participant_id, "programme_id": enrolment.run.programme_id,
        "source": "self", "referred_on": "2026-10-01", "method_of_access": "web"},
        content_type="application/json")

    assert (response.status_code, response.json()["method_of_access"]) == (201, "web")


@time_machine.travel(NOW)
@pytest.mark.parametrize("count", [1, 3])
def test_feedback_and_log_lists_read_in_a_fixed_number_of_queries(
        count, client_for, make_user, django_assert_max_num_queries):
    run = GroupRunFactory.create()
    theme = CommentTheme.objects.get_or_create(name="Staff")[0]
    for i in range(count):
        enrolment = EnrolmentFactory.create(run=run, status=EnrolmentStatus.COMPLETED)
        feedback_record(run=run, received_on=NOW.date(), mode="paper", rating=4,
                        anonymous=bool(i % 2), enrolment=None if i % 2 else enrolment)
        client_for(make_user(Role.COORDINATOR)).post("/api/comments", {
            "kind": "compliment", "received_on": "2026-11-02", "channel": "email",
            "theme_ids": [theme.pk], "summary": "Thanks"}, content_type="application/json")
    client = client_for(make_user(Role.COORDINATOR))
    client.get("/api/me")

    with django_assert_max_num_queries(8):
        feedback = client.get("/api/feedback")
    with django_assert_max_num_queries(8):
        comments = client.get("/api/comments")

    assert (len(feedback.json()["items"]), len(comments.json()["items"])) == (count, count)
