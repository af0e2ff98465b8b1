"""Safe-contact services: mobiles only, consent re-checked on a new number, history kept."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from notifications.enums import ContactEventKind, MessageStatus
from notifications.models import SafeContact
from notifications.safety import Window
from notifications.services import (
    contact_consent_record,
    contact_consent_withdraw,
    contact_suspend,
    contact_unsuspend,
    contact_update,
    contacts_opt_in,
    contacts_opt_out,
)
from scheduler.platform.roles import Role
from tests.factories import ParticipantFactory, UserFactory
from tests.notifications.factories import (
    MOBILE,
    OTHER_MOBILE,
    MessageFactory,
    SafeContactFactory,
)

pytestmark = pytest.mark.django_db


def update(participant, phone=MOBILE, **kwargs):  # type: ignore[no-untyped-def]
    args = {"safe_to_text": True, "safe_to_call": False, "safe_to_leave_message": False,
            "windows": [], **kwargs}
    return contact_update(participant=participant, by=UserFactory.create(role=Role.COORDINATOR),
                          phone=phone, **args)


def kinds(contact: SafeContact) -> list[str]:
    return list(contact.events.values_list("kind", flat=True))


def test_contact_update_stores_a_mobile_in_e164_with_its_windows():
    participant = ParticipantFactory.create()

    contact = update(participant, phone="07400 123456",
                     windows=[Window(1, dt.time(9), dt.time(11))])

    assert (contact.phone, contact.safe_to_text) == (MOBILE, True)
    assert list(contact.windows.values_list("weekday", "start", "end")) == [
        (1, dt.time(9), dt.time(11))]
    assert kinds(contact) == [ContactEventKind.CREATED, ContactEventKind.SETTINGS_CHANGED]


def test_contact_update_refuses_a_landline():
    with pytest.raises(ValidationError) as err:
        update(ParticipantFactory.create(), phone="0121 234 5678")

    assert err.value.message_dict == {
        "phone": ["Enter a valid UK mobile number (never a landline)."]}
    assert SafeContact.objects.count() == 0


def test_contact_update_refuses_a_window_that_ends_before_it_starts():
    with pytest.raises(ValidationError) as err:
        update(ParticipantFactory.create(), windows=[Window(1, dt.time(11), dt.time(9))])

    assert list(err.value.message_dict) == ["windows"]


def test_a_new_number_withdraws_consent_and_clears_the_old_opt_out():
    contact = SafeContactFactory.create(opted_out_at=dt.datetime(2026, 9, 2, tzinfo=dt.UTC))

    update(contact.participant, phone=OTHER_MOBILE)

    contact.refresh_from_db()
    assert (contact.phone, contact.has_consent, contact.opted_out_at) == (
        OTHER_MOBILE, False, None)
    assert kinds(contact)[-3:] == [ContactEventKind.CONSENT_WITHDRAWN,
                                   ContactEventKind.NUMBER_CHANGED,
                                   ContactEventKind.SETTINGS_CHANGED]


def test_same_number_keeps_consent():
    contact = SafeContactFactory.create()

    update(contact.participant, phone="07400123456")

    contact.refresh_from_db()
    assert contact.has_consent


def test_consent_is_recorded_with_who_and_when():
    participant = ParticipantFactory.create()
    update(participant)
    coordinator = UserFactory.create(role=Role.COORDINATOR)

    contact = contact_consent_record(participant=participant, by=coordinator, method="in_person")

    assert (contact.has_consent, contact.consent_given_by) == (True, coordinator)
    assert contact.consent_given_at is not None


def test_consent_cannot_override_a_stop_reply():
    contact = SafeContactFactory.create(consent_given_at=None,
                                        opted_out_at=dt.datetime(2026, 9, 2, tzinfo=dt.UTC))

    with pytest.raises(ValidationError) as err:
        contact_consent_record(participant=contact.participant, by=UserFactory.create(),
                               method="phone")

    assert list(err.value.message_dict) == ["consent"]


def test_consent_withdrawn_cancels_pending_messages():
    contact = SafeContactFactory.create()
    message = MessageFactory.create(participant=contact.participant)

    contact_consent_withdraw(participant=contact.participant, by=UserFactory.create())

    message.refresh_from_db()
    assert message.status == MessageStatus.CANCELLED


def test_suspend_needs_a_reason_and_unsuspend_lifts_it():
    contact = SafeContactFactory.create()
    with pytest.raises(ValidationError):
        contact_suspend(participant=contact.participant, by=UserFactory.create(), reason=" ")

    contact_suspend(participant=contact.participant, by=UserFactory.create(), reason="Phone seized")
    contact.refresh_from_db()
    assert (contact.suspended_at is not None, contact.suspended_reason) == (True, "Phone seized")

    contact_unsuspend(participant=contact.participant, by=UserFactory.create())
    contact.refresh_from_db()
    assert (contact.suspended_at, contact.suspended_reason) == (None, "")


def test_opt_out_and_in_by_number_touch_only_that_number():
    same = SafeContactFactory.create()
    other = SafeContactFactory.create(phone=OTHER_MOBILE)

    assert contacts_opt_out(phone=MOBILE, source="sms") == 1
    same.refresh_from_db()
    other.refresh_from_db()
    assert (same.opted_out_at is not None, other.opted_out_at) == (True, None)

    assert contacts_opt_in(phone=MOBILE, source="sms") == 1
    same.refresh_from_db()
    assert same.opted_out_at is None
