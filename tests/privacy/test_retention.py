"""The retention task: old access records purged, finished texts' words blanked, old replies
deleted, long-inactive participants anonymised; it logs counts, never personal data."""

from __future__ import annotations

import datetime as dt
import io
import logging

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_q.models import Schedule

from notifications.enums import MessageStatus
from notifications.models import InboundMessage, Message
from programmes.models import Participant
from scheduler.models import AccessRecord, ErasureRecord
from scheduler.privacy.tasks import apply_retention
from tests.factories import ParticipantFactory
from tests.notifications.factories import MessageFactory
from tests.privacy.test_access_log import _backdate

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - dt.timedelta(days=7 * 365)


def test_retention_applies_each_policy_and_logs_only_counts(two_people, caplog):
    canary, robin = two_people
    idle = ParticipantFactory.create(known_as="Idle Canary")
    Participant.objects.filter(pk=idle.pk).update(created_at=LONG_AGO)
    old_record = AccessRecord.objects.create(action="read", object_type="participant")
    _backdate(old_record.pk, LONG_AGO)
    AccessRecord.objects.create(action="read", object_type="participant")
    old_text = MessageFactory.create(participant=robin.participant, status=MessageStatus.SENT,
                                     body="Old words")
    Message.objects.filter(pk=old_text.pk).update(created_at=LONG_AGO)
    InboundMessage.objects.filter(contact__participant=robin.participant).update(
        received_at=LONG_AGO)

    with caplog.at_level(logging.INFO, logger="scheduler.privacy"):
        counts = apply_retention()

    assert counts == {"text_bodies_blanked": 1, "texts_received_deleted": 1,
                      "access_records_purged": 1, "participants_anonymised": 1,
                      "participants_skipped": 0}
    assert list(ErasureRecord.objects.values_list("participant_id", "kind")) == [
        (idle.pk, "retention")]
    assert Participant.objects.get(pk=idle.pk).known_as == "Erased"
    assert Participant.objects.get(pk=canary.participant.pk).known_as == "Canary Known"
    assert Message.objects.get(pk=old_text.pk).body == ""
    assert AccessRecord.objects.filter(object_type="participant").count() == 1
    assert "Canary" not in caplog.text and "Robin" not in caplog.text
    assert "participants_anonymised" in caplog.text


def test_retention_periods_come_from_settings(settings):
    idle = ParticipantFactory.create()
    Participant.objects.filter(pk=idle.pk).update(
        created_at=timezone.now() - dt.timedelta(days=40))

    settings.PARTICIPANT_RETENTION_DAYS = 60
    assert apply_retention()["participants_anonymised"] == 0
    settings.PARTICIPANT_RETENTION_DAYS = 30
    assert apply_retention()["participants_anonymised"] == 1


def test_command_shows_progress_and_the_schedule_is_set_up():
    idle = ParticipantFactory.create()
    Participant.objects.filter(pk=idle.pk).update(created_at=LONG_AGO)
    out = io.StringIO()

    call_command("apply_retention", stdout=out)
    call_command("setup_schedules", stdout=io.StringIO())

    assert "participants 1/1" in out.getvalue()
    assert "participants_anonymised: 1" in out.getvalue()
    assert Schedule.objects.get(name="privacy.apply_retention").func == (
        "scheduler.privacy.tasks.apply_retention")
