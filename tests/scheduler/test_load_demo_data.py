import datetime as dt
import io
from zoneinfo import ZoneInfo

import phonenumbers
import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from attendance.models import Mark
from programmes.models import Enrolment, GroupRun, Participant, ProgrammeType
from scheduler.demo.staff import DEMO_PASSWORD, DEMO_STAFF
from scheduler.models import Session, User, Venue
from scheduler.platform.roles import Role

pytestmark = pytest.mark.django_db


def load() -> str:
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count()
            for model in (User, Venue, Participant, GroupRun, Session, Enrolment, Mark)}


def test_demo_data_covers_every_role_and_the_catalogue():
    load()

    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert Venue.objects.count() == 3
    assert set(GroupRun.objects.values_list("programme__slug", flat=True)) == set(
        ProgrammeType.objects.filter(delivery__in=["closed", "rolling", "drop_in", "one_off"])
        .values_list("slug", flat=True))
    assert Mark.objects.exists()


def test_loading_demo_data_twice_changes_nothing():
    # At 3 a.m., when no demo session starts: a session starting between the two loads would
    # rightly get its register on the second (the demo takes registers of past sessions).
    night = dt.datetime.combine(dt.date.today(), dt.time(3, 0), ZoneInfo("Europe/London"))
    with time_machine.travel(night, tick=True):
        load()
        first = counts()

        output = load()

        assert counts() == first
    assert "0 new enrolments" in output


def test_demo_logins_printed_by_the_command_work():
    output = load()

    for username, *_ in DEMO_STAFF:
        assert f"{username}" in output
        client = Client()
        response = client.post("/login/", {"username": username, "password": DEMO_PASSWORD})
        assert (username, response.status_code, response["Location"]) == (username, 302, "/")


def test_demo_phone_numbers_are_valid_gb_mobiles_from_the_example_block():
    from notifications.models import SafeContact

    load()

    example = phonenumbers.example_number_for_type("GB", phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    block = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)[:-2]
    phones = list(SafeContact.objects.values_list("phone", flat=True))
    assert phones
    assert all(phone.startswith(block) for phone in phones)
