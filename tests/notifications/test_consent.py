"""Consent with its history: how and to which wording, re-confirmation pausing texts."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from notifications.enums import ContactEventKind, MessageStatus, SkipReason
from notifications.models import Message
from notifications.services import (
    contact_consent_record,
    message_send,
    reminders_queue_for_session,
)
from programmes.enums import EnrolmentStatus
from scheduler.platform.roles import Role
from tests.factories import LONDON, EnrolmentFactory, SessionFactory, UserFactory
from tests.notifications.factories import MessageFactory, SafeContactFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 10, 6, 9, 0, tzinfo=LONDON)
SESSION_AT = dt.datetime(2026, 10, 7, 18, 0, tzinfo=LONDON)


def enrolled(consent_days_ago: int):  # type: ignore[no-untyped-def]
    contact = SafeContactFactory.create(consent_given_at=NOW - dt.timedelta(days=consent_days_ago))
    session = SessionFactory.create(starts_at=SESSION_AT,
                                    ends_at=SESSION_AT + dt.timedelta(hours=2))
    EnrolmentFactory.create(run=session.run, participant=contact.participant,
                            status=EnrolmentStatus.ENROLLED)
    return contact, session


@time_machine.travel(NOW, tick=False)
def test_consent_older_than_six_months_pauses_reminders():
    _, session = enrolled(consent_days_ago=190)

    assert reminders_queue_for_session(session_id=session.pk) == 0
    assert not Message.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_consent_due_for_reconfirmation_is_refused_at_send_time_with_its_reason(fake_sms):
    contact, session = enrolled(consent_days_ago=190)
    message = MessageFactory.create(participant=contact.participant, session=session,
                                    scheduled_for=NOW)

    assert message_send(message_id=message.pk) == MessageStatus.SKIPPED

    message.refresh_from_db()
    assert (message.skip_reason, fake_sms) == (SkipReason.CONSENT_RECONFIRM_DUE, [])


@time_machine.travel(NOW, tick=False)
def test_renewal_by_staff_resumes_reminders_and_is_kept_in_the_history():
    contact, session = enrolled(consent_days_ago=190)
    coordinator = UserFactory.create(role=Role.COORDINATOR)

    contact_consent_record(participant=contact.participant, by=coordinator, method="phone")

    assert reminders_queue_for_session(session_id=session.pk) == 1
    event = contact.events.get(kind=ContactEventKind.CONSENT_RENEWED)
    assert (event.by, event.method, event.wording_version, event.at) == (
        coordinator, "phone", "2026-1", NOW)


@time_machine.travel(NOW, tick=False)
def test_the_period_is_a_setting(settings):
    settings.SMS_CONSENT_RECONFIRM_DAYS = 30
    _, session = enrolled(consent_days_ago=31)

    assert reminders_queue_for_session(session_id=session.pk) == 0


def test_consent_needs_a_method_and_a_known_wording():
    contact = SafeContactFactory.create(consent_given_at=None)
    by = UserFactory.create()

    with pytest.raises(ValidationError) as no_method:
        contact_consent_record(participant=contact.participant, by=by, method="sms")
    with pytest.raises(ValidationError) as no_wording:
        contact_consent_record(participant=contact.participant, by=by, method="form",
                               wording_version="1999")

    assert list(no_method.value.message_dict) == ["method"]
    assert list(no_wording.value.message_dict) == ["wording_version"]


# --- Pages -------------------------------------------------------------------------------------

@time_machine.travel(NOW, tick=False)
def test_consent_page_lists_contacts_due_and_the_history_shows_how(browser_client_for, make_user):
    due, _ = enrolled(consent_days_ago=190)
    fresh = SafeContactFactory.create(consent_given_at=NOW - dt.timedelta(days=5))
    client = browser_client_for(make_user(Role.COORDINATOR))

    listing = client.get("/notifications/consent/?show=due").content.decode()
    detail = client.get(f"/notifications/consent/{due.participant_id}/").content.decode()

    assert due.participant.known_as in listing and fresh.participant.known_as not in listing
    assert "texts are paused" in detail and "(In person, wording 2026-1)" in detail


@time_machine.travel(NOW, tick=False)
def test_recording_consent_on_the_page_renews_it(browser_client_for, make_user):
    due, _ = enrolled(consent_days_ago=190)
    client = browser_client_for(make_user(Role.COORDINATOR))
    url = f"/notifications/consent/{due.participant_id}/"
    client.get(url)

    response = client.post(url, {"method": "form", "wording_version": "2026-1",
                                 "csrfmiddlewaretoken": client.cookies["csrftoken"].value})

    due.refresh_from_db()
    assert response.status_code == 302
    assert (due.consent_given_at, due.consent_method) == (NOW, "form")


@time_machine.travel(NOW, tick=False)
def test_a_form_without_a_method_is_an_error_next_to_the_field(browser_client_for, make_user):
    due, _ = enrolled(consent_days_ago=190)
    client = browser_client_for(make_user(Role.COORDINATOR))
    url = f"/notifications/consent/{due.participant_id}/"
    client.get(url)

    response = client.post(url, {"wording_version": "2026-1",
                                 "csrfmiddlewaretoken": client.cookies["csrftoken"].value})

    assert response.status_code == 200 and "This field is required." in response.content.decode()


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.MANAGER, Role.CRECHE_WORKER])
def test_only_coordinators_see_consent(browser_client_for, make_user, role):
    contact = SafeContactFactory.create()
    client = browser_client_for(make_user(role))

    assert client.get("/notifications/consent/").status_code == 403
    assert client.get(f"/notifications/consent/{contact.participant_id}/").status_code == 403


def test_consent_list_queries_do_not_grow_with_rows(browser_client_for, make_user,
                                                    django_assert_max_num_queries):
    client = browser_client_for(make_user(Role.COORDINATOR))
    SafeContactFactory.create()
    with django_assert_max_num_queries(8) as one:
        client.get("/notifications/consent/")
    SafeContactFactory.create_batch(15)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get("/notifications/consent/")
