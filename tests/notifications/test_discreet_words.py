"""The provider's own words: refused in templates with the word named, shown to the editor."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import ValidationError

from notifications.enums import MessageKind
from notifications.models import Message, MessageTemplate
from notifications.selectors import banned_words, sendable_body
from notifications.services import reminders_queue_for_session, template_preview, template_update
from programmes.enums import EnrolmentStatus
from scheduler.platform.roles import Role
from tests.factories import (
    LONDON,
    EnrolmentFactory,
    GroupRunFactory,
    ProgrammeTypeFactory,
    SessionFactory,
    UserFactory,
    VenueFactory,
)
from tests.notifications.factories import SafeContactFactory

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[2]
OK = "Reminder: {day} {time}. Reply STOP to stop these texts."


def refusal(body: str) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        template_update(kind=MessageKind.REMINDER, body=body, by=UserFactory.create())
    return refused.value.message_dict["body"]


def test_a_run_name_is_refused_with_the_word_named():
    GroupRunFactory.create(name="Sunflower Circle")

    assert refusal("Sunflower Circle: {day} {time}. Reply STOP to stop.") == [
        "Contains 'sunflower circle'"]


def test_a_programme_type_name_is_refused():
    ProgrammeTypeFactory.create(name="Pattern Changing")

    assert refusal("Pattern changing {day} {time}. Reply STOP to stop.") == [
        "Contains 'pattern changing'"]


def test_a_venue_name_is_refused():
    VenueFactory.create(name="Elm Street Hub")

    assert refusal("At Elm Street Hub {day} {time}. Reply STOP to stop.") == [
        "Contains 'elm street hub'"]


def test_the_organisation_name_and_configured_words_are_refused(settings):
    settings.SMS_ORGANISATION_NAME = "Safe Haven Trust"
    settings.SMS_BANNED_WORDS = ["Haven"]

    assert refusal("Safe Haven Trust {day} {time}. Reply STOP to stop.") == [
        "Contains 'safe haven trust'", "Contains 'haven'"]


def test_the_organisation_name_and_banned_words_are_read_from_the_environment():
    env = {**os.environ, "SMS_ORGANISATION_NAME": "Safe Haven Trust",
           "SMS_BANNED_WORDS": "Haven, Oak House", "DJANGO_SETTINGS_MODULE": "scheduler.settings"}
    code = ("import django; django.setup(); from django.conf import settings; "
            "print(settings.SMS_ORGANISATION_NAME, '|', settings.SMS_BANNED_WORDS)")

    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True,
                         text=True, timeout=60, check=True).stdout

    assert out.strip() == "Safe Haven Trust | ['Haven', 'Oak House']"


def test_banned_list_names_each_word_with_its_source(settings):
    settings.SMS_ORGANISATION_NAME = "Safe Haven Trust"
    run = GroupRunFactory.create(name="Sunflower Circle")

    listed = {(b.word, b.source) for b in banned_words()}

    assert {("Safe Haven Trust", "organisation"), ("Sunflower Circle", "run"),
            (run.programme.name, "programme type"), (run.venue.name, "venue"),
            ("refuge", "built-in")} <= listed


def test_a_saved_wording_made_unsafe_by_a_later_run_name_is_not_sent():
    template_update(kind=MessageKind.REMINDER, body="Sunflower {day} {time}. Reply STOP to stop.",
                    by=UserFactory.create())
    GroupRunFactory.create(name="Sunflower")

    assert sendable_body(kind=MessageKind.REMINDER) == OK  # the built-in default


@time_machine.travel(dt.datetime(2026, 10, 6, 9, 0, tzinfo=LONDON), tick=False)
def test_queued_reminders_use_the_default_wording_when_the_saved_one_became_unsafe():
    MessageTemplate.objects.create(kind=MessageKind.REMINDER,
                                   body="Oak {day} {time}. Reply STOP to stop.")
    start = dt.datetime(2026, 10, 7, 18, 0, tzinfo=LONDON)
    session = SessionFactory.create(starts_at=start, ends_at=start + dt.timedelta(hours=2),
                                    run=GroupRunFactory.create(name="Oak"))
    contact = SafeContactFactory.create()
    EnrolmentFactory.create(run=session.run, participant=contact.participant,
                            status=EnrolmentStatus.ENROLLED)

    reminders_queue_for_session(session_id=session.pk)

    assert Message.objects.get().body == "Reminder: Wed 18:00. Reply STOP to stop these texts."


@time_machine.travel(dt.datetime(2026, 10, 6, 9, 0, tzinfo=LONDON), tick=False)
def test_preview_uses_the_next_real_session():
    start = dt.datetime(2026, 10, 8, 19, 15, tzinfo=LONDON)
    SessionFactory.create(starts_at=start, ends_at=start + dt.timedelta(hours=2))

    assert template_preview(kind=MessageKind.REMINDER, body=OK).text == (
        "Reminder: Thu 19:15. Reply STOP to stop these texts.")


# --- The template editor page ------------------------------------------------------------------

def coordinator_client(browser_client_for, make_user):  # type: ignore[no-untyped-def]
    client = browser_client_for(make_user(Role.COORDINATOR))
    client.get("/notifications/templates/")
    return client, client.cookies["csrftoken"].value


def test_editor_shows_the_banned_list(browser_client_for, make_user):
    GroupRunFactory.create(name="Sunflower Circle")
    client, _ = coordinator_client(browser_client_for, make_user)

    page = client.get("/notifications/templates/reminder/").content.decode()

    assert "Sunflower Circle" in page and "Words no text may contain" in page


def test_editor_refuses_with_the_word_next_to_the_field_and_keeps_the_text(
        browser_client_for, make_user):
    GroupRunFactory.create(name="Sunflower Circle")
    client, csrf = coordinator_client(browser_client_for, make_user)
    body = "Sunflower Circle {day} {time}. Reply STOP to stop."

    response = client.post("/notifications/templates/reminder/",
                           {"body": body, "action": "save", "csrfmiddlewaretoken": csrf})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="body-errors"' in page and "Contains &#x27;sunflower circle&#x27;" in page
    assert "Sunflower Circle {day} {time}" in page
    assert not MessageTemplate.objects.exists()


def test_editor_saves_a_safe_wording(browser_client_for, make_user):
    client, csrf = coordinator_client(browser_client_for, make_user)
    body = "See you {day} {time}. Reply STOP to stop these texts."

    response = client.post("/notifications/templates/reminder/",
                           {"body": body, "action": "save", "csrfmiddlewaretoken": csrf})

    assert response.status_code == 302
    assert MessageTemplate.objects.get(kind="reminder").body == body


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.MANAGER, Role.CRECHE_WORKER])
def test_only_coordinators_edit_wording(browser_client_for, make_user, role):
    client = browser_client_for(make_user(role))

    assert client.get("/notifications/templates/").status_code == 403
    assert client.get("/notifications/templates/reminder/").status_code == 403


def test_unknown_kind_is_not_found(browser_client_for, make_user):
    client, _ = coordinator_client(browser_client_for, make_user)

    assert client.get("/notifications/templates/nonsense/").status_code == 404
