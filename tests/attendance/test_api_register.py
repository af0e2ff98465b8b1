import datetime as dt
import json

import pytest
from django.test import Client

from attendance.models import Mark
from programmes.models import ParticipantIdentity
from scheduler.platform.roles import Role
from tests.attendance.factories import HELD, MarkFactory, started_today_session
from tests.factories import EnrolmentFactory, SessionFactory

pytestmark = pytest.mark.django_db

def url(session):
    return f"/api/sessions/{session.pk}/register"


def put(client, session, marks):
    return client.put(url(session), data=json.dumps({"marks": marks}),
                      content_type="application/json")


def test_register_get_lists_known_as_names_and_marks(session, facilitator, client_for):
    enrolment = EnrolmentFactory.create(run=session.run, participant__known_as="Sam")
    ParticipantIdentity.objects.create(participant=enrolment.participant,
                                       legal_name="Samantha Legalname", address="1 Secret Rd")
    late = EnrolmentFactory.create(run=session.run, participant__known_as="Zoe",
                                   joined_at=HELD + dt.timedelta(days=2))
    Mark.objects.create(session=session, enrolment=enrolment, status="late",
                        recorded_by=facilitator, recorded_at=HELD)

    response = client_for(facilitator).get(url(session))

    assert response.status_code == 200
    assert response.json()["lines"] == [
        {"enrolment_id": enrolment.pk, "known_as": "Sam", "expected": True, "status": "late"},
        {"enrolment_id": late.pk, "known_as": "Zoe", "expected": False, "status": None},
    ]
    assert b"Legalname" not in response.content and b"Secret" not in response.content


@pytest.mark.parametrize("count", [1, 30])
def test_register_get_uses_a_fixed_number_of_queries(count, facilitator, client_for,
                                                     django_assert_num_queries):
    # Today's session: its quarter is running whatever the hour (no publication query).
    session = started_today_session(facilitator)
    for enrolment in EnrolmentFactory.create_batch(count, run=session.run):
        MarkFactory.create(session=session, enrolment=enrolment)
    client = client_for(facilitator)

    # The token (and its last use, at most every 5 minutes); the session with its register,
    # people and marks in one statement; the access-log insert. "Is the quarter published?"
    # asks nothing while the quarter runs (attendance.publication).
    client.get(url(session))  # the token's last use is now recorded
    with django_assert_num_queries(3):
        response = client.get(url(session))

    assert len(response.json()["lines"]) == count


def test_register_put_saves_marks(session, facilitator, client_for):
    a, b = EnrolmentFactory.create_batch(2, run=session.run)

    response = put(client_for(facilitator), session, [
        {"enrolment_id": a.pk, "status": "present", "client_nonce": "t1-1"},
        {"enrolment_id": b.pk, "status": "excused", "client_nonce": "t1-2"}])

    assert response.status_code == 200
    assert {line["enrolment_id"]: line["status"] for line in response.json()["lines"]} == {
        a.pk: "present", b.pk: "excused"}
    assert response.json()["taken_at"] is not None


def test_register_put_replay_is_idempotent(session, facilitator, client_for):
    a = EnrolmentFactory.create(run=session.run)
    client = client_for(facilitator)
    first = [{"enrolment_id": a.pk, "status": "absent", "client_nonce": "n-old"}]
    put(client, session, first)
    put(client, session, [{"enrolment_id": a.pk, "status": "present", "client_nonce": "n-new"}])

    response = put(client, session, first)

    assert response.status_code == 200
    assert list(Mark.objects.values_list("status", "client_nonce")) == [("present", "n-new")]


def test_register_put_rejects_unknown_status_with_field_errors(session, facilitator, client_for):
    a = EnrolmentFactory.create(run=session.run)

    response = put(client_for(facilitator), session,
                   [{"enrolment_id": a.pk, "status": "asleep"}])

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "status"
    assert Mark.objects.count() == 0


def test_register_put_rejects_a_participant_not_expected(session, facilitator, client_for):
    stranger = EnrolmentFactory.create()

    response = put(client_for(facilitator), session,
                   [{"enrolment_id": stranger.pk, "status": "present"}])

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "marks.0.enrolment_id"]


def test_register_of_another_facilitators_session_is_not_found(session, make_user, client_for):
    a = EnrolmentFactory.create(run=session.run)
    other = client_for(make_user(Role.FACILITATOR))

    assert other.get(url(session)).status_code == 404
    assert put(other, session, [{"enrolment_id": a.pk, "status": "present"}]).status_code == 404
    assert Mark.objects.count() == 0


def test_register_is_refused_to_managers(session, make_user, client_for):
    manager = client_for(make_user(Role.MANAGER))

    assert manager.get(url(session)).status_code == 403
    assert put(manager, session, []).status_code == 403


def test_register_of_unknown_session_is_not_found(make_user, client_for):
    response = client_for(make_user(Role.COORDINATOR)).get("/api/sessions/999999/register")

    assert response.status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_register_put_uses_a_fixed_number_of_queries(count, session, facilitator, client_for,
                                                     django_assert_max_num_queries):
    # A correction that changes nobody's starter/completer status: attendance's own writes
    # (revisions, marks, register) are bulk, so the count does not grow with the marks.
    enrolments = EnrolmentFactory.create_batch(count, run=session.run)
    client = client_for(facilitator)
    put(client, session, [{"enrolment_id": e.pk, "status": "present"} for e in enrolments])
    late = [{"enrolment_id": e.pk, "status": "late", "client_nonce": f"n{e.pk}"}
            for e in enrolments]

    # Q_SYNC=1 runs the two queued tasks (outcomes; follow-ups and partner alerts) inline,
    # inside this count; neither grows with the number of marks.
    with django_assert_max_num_queries(45):
        response = put(client, session, late)

    assert response.status_code == 200


def test_register_put_with_more_marks_than_any_run_can_hold_is_refused_unread(
        session, facilitator, client_for, django_assert_max_num_queries):
    marks = [{"enrolment_id": 1, "status": "present"}] * 50_000
    with django_assert_max_num_queries(3):  # the token and the session: no mark is looked up
        response = put(client_for(facilitator), session, marks)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "marks"
    assert not Mark.objects.exists()


def test_register_put_acknowledges_every_nonce_it_recorded(session, facilitator, client_for):
    a, b = EnrolmentFactory.create_batch(2, run=session.run)
    client = client_for(facilitator)
    put(client, session, [{"enrolment_id": a.pk, "status": "present", "client_nonce": "old"}])

    response = put(client, session, [
        {"enrolment_id": a.pk, "status": "present", "client_nonce": "old"},
        {"enrolment_id": b.pk, "status": "left_early", "client_nonce": "new"}])

    assert response.json()["acknowledged"] == ["old", "new"]
    assert dict(Mark.objects.values_list("enrolment_id", "status")) == {
        a.pk: "present", b.pk: "left_early"}


def test_register_put_to_a_locked_register_needs_a_reason(facilitator, client_for):
    old = dt.datetime.now(tz=dt.UTC) - dt.timedelta(days=20)
    session = SessionFactory.create(run__facilitators=[facilitator], starts_at=old,
                                    ends_at=old + dt.timedelta(hours=2))
    a = EnrolmentFactory.create(run=session.run)
    mark = {"enrolment_id": a.pk, "status": "present", "client_nonce": "n1"}

    refused = put(client_for(facilitator), session, [mark])
    saved = client_for(facilitator).put(
        url(session), data=json.dumps({"marks": [mark], "reason": "Entered from paper"}),
        content_type="application/json")

    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "reason"]
    assert (saved.status_code, saved.json()["locked"]) == (200, True)


def test_register_put_without_signing_in_is_refused_with_401(session):
    response = Client().put(url(session), data=json.dumps({"marks": []}),
                            content_type="application/json")

    assert response.status_code == 401
