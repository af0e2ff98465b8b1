"""The coordinators' inbox of replies over HTTP: who may open it, counts, paging, mark read."""

import datetime as dt

import pytest

from notifications.models import InboundMessage
from notifications.services import inbound_sms_receive
from scheduler.platform.roles import Role
from tests.notifications.factories import MOBILE, SafeContactFactory

pytestmark = pytest.mark.django_db

INBOX = "/notifications/inbox/"


def replies(count: int, body: str = "see you then") -> None:
    SafeContactFactory.create()
    for n in range(count):
        inbound_sms_receive(from_number=MOBILE, body=body, provider_sid=f"SM{body[:4]}{n}")


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.MANAGER, Role.CRECHE_WORKER])
def test_only_coordinators_open_the_inbox(browser_client_for, make_user, role):
    replies(1)

    response = browser_client_for(make_user(role)).get(INBOX)

    assert response.status_code == 403


def test_inbox_shows_unread_and_urgent_counts_and_masks_numbers(browser_client_for, make_user):
    replies(2)
    replies(1, body="he's here")

    response = browser_client_for(make_user(Role.COORDINATOR)).get(INBOX)

    page = response.content.decode()
    assert response.status_code == 200
    assert "3 unread" in page and "1 urgent" in page
    assert MOBILE not in page and "+4474•••••456" in page
    assert page.index("he&#x27;s here") < page.index("see you then")  # urgent first


def test_inbox_queries_do_not_grow_with_rows(browser_client_for, make_user,
                                             django_assert_max_num_queries):
    client = browser_client_for(make_user(Role.COORDINATOR))
    replies(1)
    with django_assert_max_num_queries(8) as one:
        client.get(INBOX)
    replies(20, body="many")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(INBOX)
    assert response.content.decode().count("Mark as read") == 21


def test_inbox_paginates(browser_client_for, make_user):
    replies(30)

    client = browser_client_for(make_user(Role.COORDINATOR))
    first, second = client.get(INBOX), client.get(INBOX + "?show=all&page=2")

    assert first.content.decode().count('class="reply ') == 25
    assert second.content.decode().count('class="reply ') == 5


def test_mark_read_records_who_and_when_and_lowers_the_count(browser_client_for, make_user):
    replies(1, body="help")
    coordinator = make_user(Role.COORDINATOR)
    reply = InboundMessage.objects.get()

    client = browser_client_for(coordinator)
    client.get(INBOX)
    response = client.post(f"/notifications/inbox/{reply.pk}/read/",
                           {"show": "urgent", "csrfmiddlewaretoken": client.cookies["csrftoken"]
                            .value})

    reply.refresh_from_db()
    assert response.status_code == 302 and response["Location"].endswith("?show=urgent")
    assert reply.read_by == coordinator and reply.read_at is not None
    assert dt.datetime.now(dt.UTC) - reply.read_at < dt.timedelta(minutes=1)
    assert "0 unread" in client.get(INBOX).content.decode()


def test_mark_read_of_a_missing_reply_is_a_message_not_an_error(browser_client_for, make_user):
    client = browser_client_for(make_user(Role.COORDINATOR))
    client.get(INBOX)

    response = client.post("/notifications/inbox/999999/read/",
                           {"csrfmiddlewaretoken": client.cookies["csrftoken"].value},
                           follow=True)

    assert response.status_code == 200 and "No such text." in response.content.decode()
