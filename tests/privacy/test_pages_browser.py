"""The data-protection pages in a real tablet browser (768×1024), checked with axe."""

from __future__ import annotations

import pytest

from programmes.models import Participant, ParticipantIdentity
from scheduler.models import AccessRecord, ErasureRecord
from scheduler.platform.roles import Role
from tests.browser import check_page, sign_in
from tests.factories import ParticipantFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


def test_administrator_reads_the_log_finds_a_participant_and_erases_them(tablet, live_server):
    admin = UserFactory.create(username="admin1", role=Role.ADMIN)
    participant = ParticipantFactory.create(known_as="Canary")
    ParticipantIdentity.objects.create(participant=participant, legal_name="Canary Legal")
    AccessRecord.objects.create(user_id=admin.pk, action="read", object_type="participant",
                                object_ids=",".join(str(i) for i in range(1000, 1040)))
    sign_in(tablet, live_server, "admin1", PASSWORD)

    tablet.click("nav.nav >> text=Data protection")
    tablet.wait_for_selector("h1:has-text('Access log')")
    check_page(tablet, touch=True)
    tablet.select_option("#id_action", "read")
    tablet.click("button:has-text('Filter')")
    tablet.wait_for_selector("caption:has-text('1 record')")
    check_page(tablet, touch=True)

    tablet.click("nav.tabs >> text=Subject access and erasure")
    tablet.fill("#id_reference", participant.reference.lower())
    tablet.click("button:has-text('Find')")
    tablet.wait_for_selector(f"h1:has-text('Participant {participant.reference}')")
    check_page(tablet, touch=True)

    tablet.click("text=Erase this participant…")
    tablet.wait_for_selector("h1:has-text('Erase participant')")
    check_page(tablet, touch=True)
    tablet.fill("#id_confirm", "GW-0000-0000")
    tablet.fill("#id_reason", "Article 17 request")
    tablet.click("button:has-text('Erase for good')")
    tablet.wait_for_selector("text=This is not the participant's reference.")
    check_page(tablet, touch=True)
    tablet.fill("#id_confirm", participant.reference)
    tablet.click("button:has-text('Erase for good')")
    tablet.wait_for_selector("text=has been erased.")
    check_page(tablet, touch=True)

    assert Participant.objects.get(pk=participant.pk).known_as == "Erased"
    assert ErasureRecord.objects.get().reason == "Article 17 request"
