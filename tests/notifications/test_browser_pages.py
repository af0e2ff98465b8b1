"""SMS pages in a real tablet browser, reached through the nav, checked with check_page."""

import pytest

from notifications.models import InboundMessage
from notifications.services import inbound_sms_receive
from scheduler.platform.roles import Role
from tests.browser import check_page, sign_in
from tests.factories import UserFactory
from tests.notifications.factories import MOBILE, SafeContactFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


def test_coordinator_reads_an_urgent_reply_from_the_inbox(tablet, live_server):
    UserFactory.create(username="coord", role=Role.COORDINATOR)
    SafeContactFactory.create()
    inbound_sms_receive(from_number=MOBILE, body="I'm scared, he's here", provider_sid="SM1")
    inbound_sms_receive(from_number=MOBILE, body="Stop.", provider_sid="SM2")
    sign_in(tablet, live_server, "coord", PASSWORD)

    tablet.click("nav.nav >> text=Text replies")
    tablet.wait_for_selector("h1:has-text('Text replies')")
    check_page(tablet, touch=True)
    assert "2 unread" in tablet.inner_text("main")
    assert "1 urgent" in tablet.inner_text("main")

    tablet.click("li.reply.urgent >> button:has-text('Mark as read')")
    tablet.wait_for_selector("text=Marked as read.")
    check_page(tablet, touch=True)
    assert InboundMessage.objects.filter(read_at__isnull=False).count() == 1
