"""SMS pages in a real tablet browser, reached through the nav, checked with check_page."""

import datetime as dt

import pytest
from django.utils import timezone

from notifications.enums import MessageStatus
from notifications.models import InboundMessage, MessageTemplate
from notifications.services import inbound_sms_receive
from scheduler.platform.roles import Role
from tests.browser import check_page, sign_in
from tests.factories import GroupRunFactory, UserFactory
from tests.notifications.factories import MOBILE, MessageFactory, SafeContactFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


def test_coordinator_reads_an_urgent_reply_from_the_inbox(tablet, live_server):
    UserFactory.create(username="coord", role=Role.COORDINATOR)
    SafeContactFactory.create()
    inbound_sms_receive(from_number=MOBILE, body="I'm scared, he's here", provider_sid="SM1")
    inbound_sms_receive(from_number=MOBILE, body="Stop.", provider_sid="SM2")
    sign_in(tablet, live_server, "coord", PASSWORD)

    tablet.click("nav.nav >> text=Texts")
    tablet.wait_for_selector("h1:has-text('Text replies')")
    check_page(tablet, touch=True)
    assert "2 unread" in tablet.inner_text("main")
    assert "1 urgent" in tablet.inner_text("main")

    tablet.click("li.reply.urgent >> button:has-text('Mark as read')")
    tablet.wait_for_selector("text=Marked as read.")
    check_page(tablet, touch=True)
    assert InboundMessage.objects.filter(read_at__isnull=False).count() == 1


def test_coordinator_edits_wording_sees_the_refusal_and_saves(tablet, live_server):
    UserFactory.create(username="coord", role=Role.COORDINATOR)
    GroupRunFactory.create(name="Sunflower Circle")
    sign_in(tablet, live_server, "coord", PASSWORD)

    tablet.click("nav.nav >> text=Texts")
    tablet.click("nav.tabs >> text=Text wording")
    tablet.wait_for_selector("h1:has-text('Text wording')")
    check_page(tablet, touch=True)
    tablet.click("text=Edit reminder wording")
    tablet.fill("#id_body", "Sunflower Circle {day} {time}. Reply STOP to stop.")
    tablet.click("button:has-text('Save')")
    tablet.wait_for_selector("#body-errors")
    assert "sunflower circle" in tablet.inner_text("#body-errors")
    check_page(tablet, touch=True)

    tablet.fill("#id_body", "See you {day} {time}. Reply STOP to stop these texts.")
    tablet.click("button:has-text('Preview')")
    tablet.wait_for_selector("text=Safe to use")
    tablet.click("button:has-text('Save')")
    tablet.wait_for_selector("text=Wording saved.")
    assert MessageTemplate.objects.get().body.startswith("See you")


def test_coordinator_renews_consent_from_the_due_list(tablet, live_server):
    UserFactory.create(username="coord", role=Role.COORDINATOR)
    contact = SafeContactFactory.create(consent_given_at=timezone.now() - dt.timedelta(days=200))
    sign_in(tablet, live_server, "coord", PASSWORD)

    tablet.click("nav.nav >> text=Texts")
    tablet.click("nav.tabs >> text=Text consent")
    tablet.click("text=Re-confirmation due")
    check_page(tablet, touch=True)
    tablet.click(f"text=Consent and history of {contact.participant.known_as}")
    tablet.wait_for_selector("text=texts are paused")
    check_page(tablet, touch=True)
    tablet.check("text=By phone")
    tablet.click("button:has-text('Record consent given today')")
    tablet.wait_for_selector("text=Consent recorded.")
    check_page(tablet, touch=True)
    assert "Consent re-confirmed" in tablet.inner_text("ol.history")


def test_coordinator_resolves_a_review_item_from_the_outbox(tablet, live_server):
    UserFactory.create(username="coord", role=Role.COORDINATOR)
    contact = SafeContactFactory.create()
    held = MessageFactory.create(participant=contact.participant, status=MessageStatus.REVIEW,
                                 review_note="Twilio has no record of it: a person decides")
    sign_in(tablet, live_server, "coord", PASSWORD)

    tablet.click("nav.nav >> text=Texts")
    tablet.click("nav.tabs >> text=Text outbox")
    tablet.click("a:has-text('Review')")
    check_page(tablet, touch=True)
    tablet.click("button:has-text('It was sent')")
    tablet.wait_for_selector("text=Recorded as sent.")
    check_page(tablet, touch=True)
    held.refresh_from_db()
    assert held.status == MessageStatus.SENT
