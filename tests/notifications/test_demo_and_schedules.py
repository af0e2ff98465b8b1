"""Demo seeding, the schedule command and the development transport."""

import phonenumbers
import pytest
from django.core.management import call_command
from django_q.models import Schedule
from phonenumbers import PhoneNumberType

from notifications.demo import demo_numbers, seed_demo
from notifications.models import SafeContact
from notifications.transports import ConsoleTransport
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def test_demo_numbers_are_valid_mobiles_in_the_example_numbers_block():
    numbers = demo_numbers(20)

    assert len(set(numbers)) == 20
    for number in numbers:
        parsed = phonenumbers.parse(number)
        assert phonenumbers.is_valid_number(parsed)
        assert phonenumbers.number_type(parsed) == PhoneNumberType.MOBILE
        assert number.startswith("+44740012")


def test_seed_demo_gives_half_the_participants_a_contact_once(fake_sms):
    participants = ParticipantFactory.create_batch(6)

    first = seed_demo(participants=participants)
    second = seed_demo(participants=participants)

    assert (first, second, SafeContact.objects.count()) == (3, 0, 3)
    assert all(c.has_consent for c in SafeContact.objects.all())


def test_seed_demo_creates_nothing_when_texts_would_really_go(settings):
    settings.SMS_BACKEND = "twilio"

    assert seed_demo(participants=ParticipantFactory.create_batch(2)) == 0
    assert SafeContact.objects.count() == 0


def test_setup_schedules_is_idempotent():
    call_command("setup_schedules")
    call_command("setup_schedules")

    assert sorted(Schedule.objects.values_list("func", "schedule_type", "minutes")) == [
        ("attendance.tasks.partner_alerts_for_removals", Schedule.MINUTES, 15),
        ("attendance.tasks.refresh_quarterly_returns", Schedule.HOURLY, None),
        ("attendance.tasks.registers_not_taken_digest", Schedule.DAILY, None),
        ("attendance.tasks.store_quarterly_exports", Schedule.DAILY, None),
        ("notifications.tasks.outbox_tick", Schedule.MINUTES, 1),
        ("notifications.tasks.send_due_reminders", Schedule.MINUTES, 15),
        ("programmes.tasks.expire_offers", Schedule.MINUTES, 15),
        ("scheduler.privacy.tasks.apply_retention", Schedule.DAILY, None),
    ]


def test_send_due_reminders_command_reports_the_count(fake_sms, capsys):
    call_command("send_due_reminders")

    assert capsys.readouterr().out == "Enqueued 0 message(s).\n"


def test_console_transport_prints_a_masked_number(capsys):
    ConsoleTransport().send(message_id=7, to="+447400123456", body="Reminder: Tue 10:00.",
                            status_callback="")

    assert capsys.readouterr().out == "[sms] message 7 to +4474•••••456: Reminder: Tue 10:00.\n"


def test_an_alphanumeric_sender_fails_the_system_check(settings):
    from notifications.checks import check_neutral_sender

    settings.SMS_BACKEND = "twilio"
    settings.TWILIO_FROM = "Groupwork"
    assert [e.id for e in check_neutral_sender(None)] == ["notifications.E001"]

    settings.TWILIO_FROM = "+447400123000"
    assert check_neutral_sender(None) == []
