"""The coordinators' outbox page: every outcome with its reason, numbers masked, review resolved."""

import pytest

from notifications.enums import MessageStatus, SkipReason
from notifications.models import Message
from scheduler.platform.roles import Role
from tests.notifications.factories import MOBILE, MessageFactory, SafeContactFactory

pytestmark = pytest.mark.django_db
OUTBOX = "/notifications/outbox/"


def message(status: str, **fields):  # type: ignore[no-untyped-def]
    contact = SafeContactFactory.create()
    return MessageFactory.create(participant=contact.participant, status=status, **fields)


def coordinator(browser_client_for, make_user):  # type: ignore[no-untyped-def]
    client = browser_client_for(make_user(Role.COORDINATOR))
    client.get(OUTBOX)
    return client


def test_each_tab_shows_its_messages_with_reasons_and_masked_numbers(browser_client_for,
                                                                      make_user):
    message(MessageStatus.SUPPRESSED, skip_reason=SkipReason.NO_SAFE_MOMENT)
    message(MessageStatus.REVIEW, review_note="Twilio has no record of it: a person decides")
    message(MessageStatus.FAILED, error_code=30003)
    for status in (MessageStatus.PENDING, MessageStatus.SENT, MessageStatus.DELIVERED):
        message(status)
    client = coordinator(browser_client_for, make_user)

    pages = {tab: client.get(f"{OUTBOX}?show={tab}").content.decode() for tab in
             ("all", "pending", "sent", "delivered", "failed", "review", "suppressed")}

    assert "No safe moment on the policy&#x27;s day before the session" in pages["suppressed"]
    assert "Twilio has no record of it" in pages["review"]
    assert "Provider error 30003" in pages["failed"]
    for tab in ("pending", "sent", "delivered", "failed", "review", "suppressed"):
        assert pages[tab].count('class="reply"') == 1, tab
    assert "Review (1)" in pages["all"] and "Suppressed (1)" in pages["all"]
    assert pages["all"].count('class="reply"') == 6
    assert MOBILE not in pages["all"] and "+4474•••••456" in pages["all"]


def test_a_person_resolves_a_review_item(browser_client_for, make_user):
    held = message(MessageStatus.REVIEW)
    client = coordinator(browser_client_for, make_user)

    response = client.post(f"/notifications/outbox/{held.pk}/resolve/",
                           {"was_sent": "yes", "csrfmiddlewaretoken":
                            client.cookies["csrftoken"].value})

    held.refresh_from_db()
    assert response.status_code == 302 and held.status == MessageStatus.SENT


def test_resolving_without_an_answer_changes_nothing(browser_client_for, make_user):
    held = message(MessageStatus.REVIEW)
    client = coordinator(browser_client_for, make_user)

    response = client.post(f"/notifications/outbox/{held.pk}/resolve/",
                           {"csrfmiddlewaretoken": client.cookies["csrftoken"].value},
                           follow=True)

    held.refresh_from_db()
    assert "Say whether the text was sent." in response.content.decode()
    assert held.status == MessageStatus.REVIEW


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.MANAGER, Role.CRECHE_WORKER])
def test_only_coordinators_see_the_outbox(browser_client_for, make_user, role):
    assert browser_client_for(make_user(role)).get(OUTBOX).status_code == 403


def test_outbox_queries_do_not_grow_with_rows(browser_client_for, make_user,
                                              django_assert_max_num_queries):
    client = coordinator(browser_client_for, make_user)
    message(MessageStatus.SENT)
    with django_assert_max_num_queries(8) as one:
        client.get(OUTBOX)
    for _ in range(15):
        message(MessageStatus.SENT)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(OUTBOX)
    assert Message.objects.count() == 16 and response.status_code == 200
