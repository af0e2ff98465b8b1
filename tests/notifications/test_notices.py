"""Cancellation and move notices: sent within safe windows, in the caller's transaction."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import transaction
from django_q.conf import Conf
from django_q.models import OrmQ

from notifications.enums import MessageKind, MessageStatus, SkipReason
from notifications.models import Message
from notifications.services import (
    reminders_queue_for_session,
    send_due_reminders,
    session_notices_queue,
)
from programmes.enums import EnrolmentStatus
from scheduler.calendar.enums import SessionStatus
from scheduler.models import Session
from tests.factories import LONDON, EnrolmentFactory, SessionFactory, UserFactory
from tests.notifications.factories import MOBILE, SafeContactFactory, SafeWindowFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 10, 6, 18, 0, tzinfo=LONDON)
TOMORROW_10 = dt.datetime(2026, 10, 7, 10, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _tuesday_evening():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def session_with_two_enrolled():  # type: ignore[no-untyped-def]
    session = SessionFactory.create(starts_at=TOMORROW_10,
                                    ends_at=TOMORROW_10 + dt.timedelta(hours=2))
    for contact in (SafeContactFactory.create(), SafeContactFactory.create(consent_given_at=None)):
        EnrolmentFactory.create(run=session.run, participant=contact.participant,
                                status=EnrolmentStatus.STARTED)
    return session


def test_cancellation_notice_goes_to_opted_in_participants_and_cancels_reminders(fake_sms):
    session = session_with_two_enrolled()
    reminders_queue_for_session(session_id=session.pk)
    Message.objects.update(scheduled_for=NOW + dt.timedelta(hours=1))  # reminder not yet due
    session.status = SessionStatus.CANCELLED
    session.save()

    created = session_notices_queue(session_id=session.pk, kind=MessageKind.CANCELLATION)

    assert created == 1
    assert [(t.to, t.body) for t in fake_sms] == [
        (MOBILE, "Wed 10:00 is off this week. Reply STOP to stop these texts.")]
    assert Message.objects.get(kind=MessageKind.REMINDER).status == MessageStatus.CANCELLED


def test_move_notice_tells_the_new_time_and_is_idempotent_per_change(fake_sms):
    session = session_with_two_enrolled()
    session.starts_at = TOMORROW_10 + dt.timedelta(days=1, hours=4)
    session.ends_at = session.starts_at + dt.timedelta(hours=2)
    session.sequence = 1
    session.save()

    session_notices_queue(session_id=session.pk, kind=MessageKind.MOVE)
    session_notices_queue(session_id=session.pk, kind=MessageKind.MOVE)

    assert [t.body for t in fake_sms] == [
        "Change: now Thu 8 Oct 14:00. Reply STOP to stop these texts."]


@pytest.fixture
def orm_broker(monkeypatch):  # type: ignore[no-untyped-def]
    """django-q2 as in production: tasks are rows of the ORM broker, not run inline."""
    monkeypatch.setattr(Conf, "SYNC", False)


def test_notice_tasks_are_stored_with_the_messages(fake_sms, orm_broker):
    session = session_with_two_enrolled()

    session_notices_queue(session_id=session.pk, kind=MessageKind.CANCELLATION)

    assert (Message.objects.count(), OrmQ.objects.count(), fake_sms) == (1, 1, [])


def test_notices_roll_back_with_the_callers_transaction(fake_sms, orm_broker):
    session = session_with_two_enrolled()

    with pytest.raises(RuntimeError), transaction.atomic():
        session_notices_queue(session_id=session.pk, kind=MessageKind.CANCELLATION)
        raise RuntimeError("the cancellation failed")

    assert (Message.objects.count(), OrmQ.objects.count()) == (0, 0)


def test_a_reminder_is_not_a_notice():
    session = session_with_two_enrolled()

    with pytest.raises(ValidationError):
        session_notices_queue(session_id=session.pk, kind=MessageKind.REMINDER)


def test_cancelling_a_session_in_the_scheduler_sends_one_notice(fake_sms):
    from scheduler.calendar.services import session_cancel

    session = session_with_two_enrolled()
    send_due_reminders()

    session_cancel(session=session, reason="Room flooded", by=UserFactory.create())
    send_due_reminders()
    send_due_reminders()

    assert [t.body for t in fake_sms] == [
        "Reminder: Wed 10:00. Reply STOP to stop these texts.",
        "Wed 10:00 is off this week. Reply STOP to stop these texts."]


def test_moving_a_session_sends_a_notice_and_rewrites_the_unsent_reminder(fake_sms):
    from scheduler.calendar.services import session_move

    later = TOMORROW_10 + dt.timedelta(days=1)  # Thursday 10:00: reminder due Wednesday
    session = session_with_two_enrolled()
    Session.objects.filter(pk=session.pk).update(starts_at=later,
                                                 ends_at=later + dt.timedelta(hours=2))
    session.refresh_from_db()
    send_due_reminders()
    moved = later + dt.timedelta(hours=4)

    session_move(session=session, starts_at=moved, ends_at=moved + dt.timedelta(hours=2),
                 reason="Room needed", by=UserFactory.create())
    send_due_reminders()

    assert [t.body for t in fake_sms] == [
        "Change: now Thu 8 Oct 14:00. Reply STOP to stop these texts."]
    reminder = Message.objects.get(kind=MessageKind.REMINDER)
    assert (reminder.body, reminder.status) == (
        "Reminder: Thu 14:00. Reply STOP to stop these texts.", MessageStatus.PENDING)


def cancelled_session_with_contact(*windows):  # type: ignore[no-untyped-def]
    session = SessionFactory.create(starts_at=TOMORROW_10,
                                    ends_at=TOMORROW_10 + dt.timedelta(hours=2),
                                    status=SessionStatus.CANCELLED)
    contact = SafeContactFactory.create()
    for weekday, start, end in windows:
        SafeWindowFactory.create(contact=contact, weekday=weekday, start=start, end=end)
    EnrolmentFactory.create(run=session.run, participant=contact.participant,
                            status=EnrolmentStatus.STARTED)
    return session


def test_notice_goes_at_the_earliest_safe_moment_before_the_session(fake_sms):
    session = cancelled_session_with_contact((2, dt.time(8, 30), dt.time(9, 30)))

    session_notices_queue(session_id=session.pk, kind=MessageKind.CANCELLATION)

    message = Message.objects.get()
    assert (message.status, message.scheduled_for, fake_sms) == (
        MessageStatus.PENDING, dt.datetime(2026, 10, 7, 8, 30, tzinfo=LONDON), [])


def test_notice_with_no_safe_moment_before_the_session_is_suppressed_with_its_reason(fake_sms):
    session = cancelled_session_with_contact((2, dt.time(11, 0), dt.time(12, 0)))

    assert session_notices_queue(session_id=session.pk, kind=MessageKind.CANCELLATION) == 0

    message = Message.objects.get()
    assert (message.status, message.skip_reason, fake_sms) == (
        MessageStatus.SUPPRESSED, SkipReason.NO_SAFE_MOMENT, [])


def test_notice_late_in_the_evening_waits_for_the_morning(fake_sms):
    session = cancelled_session_with_contact()
    with time_machine.travel(dt.datetime(2026, 10, 6, 22, 0, tzinfo=LONDON), tick=False):
        session_notices_queue(session_id=session.pk, kind=MessageKind.CANCELLATION)

    assert Message.objects.get().scheduled_for == dt.datetime(2026, 10, 7, 8, 0, tzinfo=LONDON)
    assert fake_sms == []
