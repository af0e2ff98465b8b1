"""/api/notifications: coordinators and admins only; the outbox never shows a full number."""

import logging

import pytest

from notifications.enums import MessageStatus
from notifications.models import CatchUpInvite
from programmes.enums import EnrolmentStatus
from scheduler.calendar.enums import SessionKind
from scheduler.platform.roles import Role
from tests.factories import EnrolmentFactory, ParticipantFactory, SessionFactory
from tests.notifications.factories import MOBILE, MessageFactory, SafeContactFactory

pytestmark = pytest.mark.django_db

OPERATIONS = [
    ("get", "/api/notifications/contacts/{id}"),
    ("put", "/api/notifications/contacts/{id}"),
    ("post", "/api/notifications/contacts/{id}/consent"),
    ("post", "/api/notifications/contacts/{id}/consent/withdraw"),
    ("post", "/api/notifications/contacts/{id}/suspend"),
    ("post", "/api/notifications/contacts/{id}/unsuspend"),
    ("get", "/api/notifications/outbox"),
    ("post", "/api/notifications/outbox/{id}/resolve"),
    ("get", "/api/notifications/templates"),
    ("put", "/api/notifications/templates/reminder"),
    ("post", "/api/notifications/templates/preview"),
]


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.MANAGER, Role.CRECHE_WORKER])
@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_only_planners_may_use_notifications(client_for, make_user, role, method, path):
    contact = SafeContactFactory.create()
    client = client_for(make_user(role))

    response = getattr(client, method)(path.format(id=contact.participant_id),
                                       content_type="application/json")

    assert response.status_code == 403
    assert MOBILE not in response.content.decode()


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_anonymous_callers_are_refused(client, method, path):
    response = getattr(client, method)(path.format(id=1), content_type="application/json")

    assert response.status_code == 401


def test_coordinator_sets_a_safe_contact_and_records_consent(client_for, make_user, caplog):
    caplog.set_level(logging.DEBUG)
    participant = ParticipantFactory.create()
    client = client_for(make_user(Role.COORDINATOR))
    url = f"/api/notifications/contacts/{participant.pk}"

    put = client.put(url, {"phone": "07400 123456", "safe_to_text": True,
                           "windows": [{"weekday": 1, "start": "09:00", "end": "11:00"}]},
                     content_type="application/json")
    consent = client.post(url + "/consent", {"method": "phone"}, content_type="application/json")

    assert put.status_code == 200
    assert (put.json()["phone"], put.json()["has_consent"]) == (MOBILE, False)
    assert put.json()["windows"] == [{"weekday": 1, "start": "09:00:00", "end": "11:00:00"}]
    body = consent.json()
    assert (body["has_consent"], body["refusal"] in ("", "outside_window")) == (True, True)
    assert [e["kind"] for e in body["history"]] == ["created", "settings_changed",
                                                   "consent_given"]
    assert (body["consent_method"], body["history"][-1]["method"],
            body["history"][-1]["wording_version"]) == ("phone", "phone", "2026-1")
    assert body["consent_renewal_due_at"] is not None
    assert "7400" not in caplog.text


def test_put_contact_with_a_landline_is_a_field_error(client_for, make_user, caplog):
    caplog.set_level(logging.DEBUG)
    participant = ParticipantFactory.create()

    response = client_for(make_user(Role.COORDINATOR)).put(
        f"/api/notifications/contacts/{participant.pk}", {"phone": "0121 234 5678"},
        content_type="application/json")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "phone"]
    assert "234 5678" not in caplog.text and "2345678" not in caplog.text


def test_contact_of_an_unknown_participant_is_404(client_for, make_user):
    response = client_for(make_user(Role.ADMIN)).get("/api/notifications/contacts/999999")

    assert response.status_code == 404


def test_contact_not_yet_recorded_reads_as_empty(client_for, make_user):
    participant = ParticipantFactory.create()

    body = client_for(make_user(Role.COORDINATOR)).get(
        f"/api/notifications/contacts/{participant.pk}").json()

    assert (body["phone"], body["may_text_now"], body["refusal"]) == ("", False, "no_contact")


def test_suspend_needs_a_reason(client_for, make_user):
    contact = SafeContactFactory.create()

    response = client_for(make_user(Role.COORDINATOR)).post(
        f"/api/notifications/contacts/{contact.participant_id}/suspend", {"reason": ""},
        content_type="application/json")

    assert response.status_code == 422


def test_outbox_lists_messages_with_masked_numbers_only(client_for, make_user):
    contact = SafeContactFactory.create()
    message = MessageFactory.create(participant=contact.participant, status=MessageStatus.SENT)

    response = client_for(make_user(Role.COORDINATOR)).get("/api/notifications/outbox")

    assert response.status_code == 200
    assert response.json()["count"] == 1
    item = response.json()["items"][0]
    assert (item["id"], item["to_masked"], item["status"]) == (message.pk, "+4474•••••456",
                                                               "sent")
    assert item["participant_reference"] == contact.participant.reference
    assert MOBILE not in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_outbox_queries_do_not_grow_with_items(client_for, make_user, count,
                                               django_assert_max_num_queries):
    for _ in range(count):
        contact = SafeContactFactory.create()
        MessageFactory.create(participant=contact.participant)
    client = client_for(make_user(Role.COORDINATOR))

    with django_assert_max_num_queries(4):
        response = client.get("/api/notifications/outbox")

    assert response.json()["count"] == count


def test_template_preview_shows_text_encoding_and_segments(client_for, make_user):
    response = client_for(make_user(Role.COORDINATOR)).post(
        "/api/notifications/templates/preview",
        {"kind": "reminder", "body": "See you {day} {time}. Reply STOP to stop these texts."},
        content_type="application/json")

    assert response.json() == {"text": "See you Wed 18:30. Reply STOP to stop these texts.",
                               "encoding": "GSM-7", "characters": 50, "segments": 1,
                               "problems": []}


def test_template_preview_flags_indiscreet_and_unicode_wording(client_for, make_user):
    response = client_for(make_user(Role.COORDINATOR)).post(
        "/api/notifications/templates/preview",
        {"kind": "reminder", "body": "Your group’s on {day}. Reply STOP to stop these texts."},
        content_type="application/json")

    body = response.json()
    assert (body["encoding"], body["segments"]) == ("UCS-2", 1)
    assert body["problems"] == ["Contains 'group'",
                                "Uses characters outside GSM-7 (e.g. curly quotes or emoji)"]


def test_saving_an_indiscreet_template_is_refused(client_for, make_user):
    response = client_for(make_user(Role.COORDINATOR)).put(
        "/api/notifications/templates/reminder",
        {"body": "Freedom Programme {day} {time}. Reply STOP to stop these texts."},
        content_type="application/json")

    assert response.status_code == 422


def test_saved_template_is_used_for_reminders(client_for, make_user):
    client = client_for(make_user(Role.COORDINATOR))

    client.put("/api/notifications/templates/reminder",
               {"body": "See you {day} {time}. Reply STOP to stop these texts."},
               content_type="application/json")

    listed = {t["kind"]: t["body"] for t in client.get("/api/notifications/templates").json()}
    assert listed["reminder"] == "See you {day} {time}. Reply STOP to stop these texts."


def test_message_held_for_review_is_resolved_as_sent(client_for, make_user):
    message = MessageFactory.create(status=MessageStatus.REVIEW)

    response = client_for(make_user(Role.COORDINATOR)).post(
        f"/api/notifications/outbox/{message.pk}/resolve", {"was_sent": True},
        content_type="application/json")

    assert (response.status_code, response.json()["status"]) == (200, "sent")


def test_message_held_for_review_can_be_queued_again(client_for, make_user):
    message = MessageFactory.create(status=MessageStatus.REVIEW)

    response = client_for(make_user(Role.COORDINATOR)).post(
        f"/api/notifications/outbox/{message.pk}/resolve", {"was_sent": False},
        content_type="application/json")

    assert response.json()["status"] == "pending"


def test_only_messages_in_review_can_be_resolved(client_for, make_user):
    message = MessageFactory.create(status=MessageStatus.SENT)
    client = client_for(make_user(Role.COORDINATOR))

    sent = client.post(f"/api/notifications/outbox/{message.pk}/resolve", {"was_sent": False},
                       content_type="application/json")
    missing = client.post("/api/notifications/outbox/999999/resolve", {"was_sent": False},
                          content_type="application/json")

    assert (sent.status_code, missing.status_code) == (422, 404)


def test_outbox_filters_by_status(client_for, make_user):
    MessageFactory.create(status=MessageStatus.SENT)
    failed = MessageFactory.create(status=MessageStatus.FAILED)

    response = client_for(make_user(Role.ADMIN)).get("/api/notifications/outbox?status=failed")

    assert [m["id"] for m in response.json()["items"]] == [failed.pk]


def test_coordinator_invites_and_uninvites_to_a_catch_up(client_for, make_user):
    catch_up = SessionFactory.create(kind=SessionKind.CATCH_UP)
    contact = SafeContactFactory.create()
    EnrolmentFactory.create(run=catch_up.run, participant=contact.participant,
                            status=EnrolmentStatus.STARTED)
    client = client_for(make_user(Role.COORDINATOR))
    url = f"/api/notifications/catch-ups/{catch_up.pk}/invites/{contact.participant_id}"

    put, stranger = client.put(url), client.put(url.rsplit("/", 1)[0] + "/999999")

    assert (put.status_code, put.json()["invited"], stranger.status_code) == (200, True, 404)
    assert CatchUpInvite.objects.count() == 1
    assert client.delete(url).json()["invited"] is False
    assert CatchUpInvite.objects.count() == 0
