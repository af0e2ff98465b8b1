"""The reminder slice end to end: queue, enqueue (django-q2 sync mode), claim, send."""

import datetime as dt
import logging

import pytest
import time_machine
from django.core.exceptions import ValidationError

from notifications.enums import MessageStatus, SkipReason
from notifications.models import Message
from notifications.services import (
    catch_up_invite,
    catch_up_uninvite,
    contact_suspend,
    message_send,
    reminder_policy_set,
    reminders_queue_for_session,
    send_due_reminders,
)
from programmes.enums import EnrolmentStatus
from scheduler.calendar.enums import SessionKind, SessionStatus
from tests.factories import LONDON, EnrolmentFactory, SessionFactory, UserFactory
from tests.notifications.factories import (
    LANDLINE,
    MOBILE,
    MessageFactory,
    SafeContactFactory,
    SafeWindowFactory,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 10, 6, 18, 0, tzinfo=LONDON)  # a Tuesday evening
TOMORROW_10 = dt.datetime(2026, 10, 7, 10, 0, tzinfo=LONDON)


def session_tomorrow(**kwargs):  # type: ignore[no-untyped-def]
    return SessionFactory.create(starts_at=TOMORROW_10,
                                 ends_at=TOMORROW_10 + dt.timedelta(hours=2), **kwargs)


def enrolled_contact(session, **contact_kwargs):  # type: ignore[no-untyped-def]
    contact = SafeContactFactory.create(**contact_kwargs)
    EnrolmentFactory.create(run=session.run, participant=contact.participant,
                     status=EnrolmentStatus.ENROLLED)
    return contact


@time_machine.travel(NOW, tick=False)
def test_send_due_reminders_delivers_a_discreet_reminder_through_the_task(fake_sms, caplog):
    session = session_tomorrow()
    contact = enrolled_contact(session)
    caplog.set_level(logging.DEBUG)

    enqueued = send_due_reminders()

    message = Message.objects.get()
    assert enqueued == 1
    assert [(t.message_id, t.to, t.body) for t in fake_sms] == [
        (message.pk, MOBILE, "Reminder: Wed 10:00. Reply STOP to stop these texts.")]
    assert (message.status, message.attempts, message.participant_id) == (
        MessageStatus.SENT, 1, contact.participant_id)
    assert message.idempotency_key == f"reminder:{session.pk}:{contact.participant_id}"
    assert MOBILE not in caplog.text and "7400" not in caplog.text


@time_machine.travel(NOW, tick=False)
def test_catch_up_reminder_goes_only_to_the_people_invited(fake_sms):
    catch_up = session_tomorrow(kind=SessionKind.CATCH_UP)
    invited = enrolled_contact(catch_up)
    enrolled_contact(catch_up)  # on the run, not invited
    catch_up_invite(session=catch_up, participant=invited.participant, by=UserFactory.create())

    send_due_reminders()

    assert list(Message.objects.values_list("session_id", "participant_id")) == [
        (catch_up.pk, invited.participant_id)]
    assert len(fake_sms) == 1


@time_machine.travel(NOW, tick=False)
def test_catch_up_with_no_invitations_sends_nothing(fake_sms):
    catch_up = session_tomorrow(kind=SessionKind.CATCH_UP)
    enrolled_contact(catch_up)

    assert reminders_queue_for_session(session_id=catch_up.pk) == 0
    assert fake_sms == []


def test_only_people_on_the_run_are_invited_and_only_to_catch_ups():
    catch_up = session_tomorrow(kind=SessionKind.CATCH_UP)
    stranger = SafeContactFactory.create()
    regular = session_tomorrow()
    on_run = enrolled_contact(regular)
    by = UserFactory.create()

    with pytest.raises(ValidationError) as not_on_run:
        catch_up_invite(session=catch_up, participant=stranger.participant, by=by)
    with pytest.raises(ValidationError) as not_catch_up:
        catch_up_invite(session=regular, participant=on_run.participant, by=by)

    assert list(not_on_run.value.message_dict) == ["participant"]
    assert list(not_catch_up.value.message_dict) == ["session"]


@time_machine.travel(NOW, tick=False)
def test_withdrawn_invitation_cancels_the_unsent_reminder(fake_sms):
    catch_up = session_tomorrow(kind=SessionKind.CATCH_UP)
    invited = enrolled_contact(catch_up)
    SafeWindowFactory.create(contact=invited, weekday=1, start=dt.time(19, 0), end=dt.time(20, 0))
    catch_up_invite(session=catch_up, participant=invited.participant, by=UserFactory.create())
    reminders_queue_for_session(session_id=catch_up.pk)

    catch_up_uninvite(session=catch_up, participant=invited.participant)

    assert Message.objects.get().status == MessageStatus.CANCELLED


@time_machine.travel(NOW, tick=False)
def test_send_due_reminders_twice_sends_once(fake_sms):
    session = session_tomorrow()
    enrolled_contact(session)

    send_due_reminders()
    send_due_reminders()

    assert len(fake_sms) == 1
    assert Message.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_reminders_skip_participants_without_consent_or_safe_texting(fake_sms):
    session = session_tomorrow()
    enrolled_contact(session, consent_given_at=None)
    enrolled_contact(session, safe_to_text=False)
    enrolled_contact(session, opted_out_at=NOW)
    enrolled_contact(session, suspended_at=NOW, suspended_reason="Phone taken")
    queued = enrolled_contact(session)

    created = reminders_queue_for_session(session_id=session.pk)

    assert created == 1
    assert list(Message.objects.values_list("participant_id", flat=True)) == [
        queued.participant_id]


@time_machine.travel(NOW, tick=False)
def test_reminders_skip_withdrawn_and_unenrolled_participants(fake_sms):
    session = session_tomorrow()
    enrolled_contact(session, consent_withdrawn_at=NOW)
    withdrawn = SafeContactFactory.create()
    EnrolmentFactory.create(run=session.run, participant=withdrawn.participant,
                     status=EnrolmentStatus.WITHDRAWN)

    assert reminders_queue_for_session(session_id=session.pk) == 0


@time_machine.travel(NOW, tick=False)
def test_reminder_for_a_landline_is_never_created(fake_sms):
    session = session_tomorrow()
    enrolled_contact(session, phone=LANDLINE)

    send_due_reminders()

    assert (fake_sms, Message.objects.count()) == ([], 0)


@time_machine.travel(NOW, tick=False)
def test_reminder_is_not_sent_once_contact_is_suspended(fake_sms):
    session = session_tomorrow()
    contact = enrolled_contact(session)
    reminders_queue_for_session(session_id=session.pk)
    message = Message.objects.get()
    Message.objects.filter(pk=message.pk).update(status=MessageStatus.PENDING)

    contact_suspend(participant=contact.participant, by=UserFactory.create(), reason="Phone taken")
    send_due_reminders()

    message.refresh_from_db()
    assert (fake_sms, message.status) == ([], MessageStatus.CANCELLED)


@time_machine.travel(NOW, tick=False)
def test_message_send_rechecks_safety_and_skips_a_suspended_contact(fake_sms):
    contact = SafeContactFactory.create(suspended_at=NOW, suspended_reason="Unsafe")
    message = MessageFactory.create(participant=contact.participant, session=session_tomorrow())

    status = message_send(message_id=message.pk)

    message.refresh_from_db()
    assert (status, message.skip_reason, message.attempts) == (
        MessageStatus.SKIPPED, SkipReason.SUSPENDED, 0)
    assert fake_sms == []


@time_machine.travel(NOW, tick=False)
def test_reminder_due_outside_the_safe_window_waits_for_a_window_the_same_day(fake_sms):
    session = session_tomorrow()  # Wednesday 10:00: the day before is today, Tuesday
    contact = enrolled_contact(session)
    SafeWindowFactory.create(contact=contact, weekday=1, start=dt.time(19, 0), end=dt.time(20, 0))

    send_due_reminders()

    message = Message.objects.get()
    assert fake_sms == []
    assert (message.status, message.scheduled_for) == (
        MessageStatus.PENDING, dt.datetime(2026, 10, 6, 19, 0, tzinfo=LONDON))


def test_deferred_reminder_is_sent_when_its_window_opens(fake_sms):
    session = session_tomorrow()
    contact = enrolled_contact(session)
    SafeWindowFactory.create(contact=contact, weekday=1, start=dt.time(19, 0), end=dt.time(20, 0))
    with time_machine.travel(NOW, tick=False):
        send_due_reminders()

    with time_machine.travel(dt.datetime(2026, 10, 6, 19, 5, tzinfo=LONDON), tick=False):
        send_due_reminders()

    assert [t.to for t in fake_sms] == [MOBILE]


def test_reminder_with_a_window_only_on_the_session_day_is_suppressed_with_its_reason(fake_sms):
    session = session_tomorrow()
    contact = enrolled_contact(session)
    SafeWindowFactory.create(contact=contact, weekday=2, start=dt.time(8, 0), end=dt.time(9, 0))
    with time_machine.travel(NOW, tick=False):
        assert reminders_queue_for_session(session_id=session.pk) == 0
    with time_machine.travel(dt.datetime(2026, 10, 7, 8, 5, tzinfo=LONDON), tick=False):
        send_due_reminders()

    message = Message.objects.get()
    assert (message.status, message.skip_reason) == (
        MessageStatus.SUPPRESSED, SkipReason.NO_SAFE_MOMENT)
    assert fake_sms == []


SUNDAY_EVENING = dt.datetime(2026, 10, 11, 19, 0, tzinfo=LONDON)
TUESDAY_SIX = dt.datetime(2026, 10, 13, 18, 0, tzinfo=LONDON)


def business_hours(contact):  # type: ignore[no-untyped-def]
    for weekday in range(5):
        SafeWindowFactory.create(contact=contact, weekday=weekday, start=dt.time(10, 0),
                                 end=dt.time(14, 0))


@time_machine.travel(SUNDAY_EVENING, tick=False)
def test_day_before_reminder_goes_at_the_latest_safe_moment_the_day_before(fake_sms):
    session = SessionFactory.create(starts_at=TUESDAY_SIX,
                                    ends_at=TUESDAY_SIX + dt.timedelta(hours=2))
    business_hours(enrolled_contact(session))

    send_due_reminders()

    message = Message.objects.get()
    assert message.scheduled_for == dt.datetime(2026, 10, 12, 13, 45, tzinfo=LONDON)  # Monday
    assert message.send_by == dt.datetime(2026, 10, 12, 21, 0, tzinfo=LONDON)


def test_a_reminder_whose_window_closed_before_a_worker_reached_it_is_not_sent_next_day(
        fake_sms):
    session = SessionFactory.create(starts_at=TUESDAY_SIX,
                                    ends_at=TUESDAY_SIX + dt.timedelta(hours=2))
    business_hours(enrolled_contact(session))
    with time_machine.travel(SUNDAY_EVENING, tick=False):
        send_due_reminders()
    message = Message.objects.get()

    with time_machine.travel(dt.datetime(2026, 10, 12, 14, 5, tzinfo=LONDON), tick=False):
        assert message_send(message_id=message.pk) == MessageStatus.SUPPRESSED

    message.refresh_from_db()
    assert (message.skip_reason, fake_sms) == (SkipReason.NO_SAFE_MOMENT, [])


@time_machine.travel(SUNDAY_EVENING, tick=False)
def test_policy_of_the_programme_type_asks_for_each_of_its_reminders(fake_sms):
    session = SessionFactory.create(starts_at=TUESDAY_SIX,
                                    ends_at=TUESDAY_SIX + dt.timedelta(hours=2))
    contact = enrolled_contact(session)
    reminder_policy_set(programme_type=session.run.programme, day_before=True,
                        same_morning=True, hours_before=None, by=UserFactory.create())

    reminders_queue_for_session(session_id=session.pk)

    keys = dict(Message.objects.values_list("idempotency_key", "scheduled_for"))
    base = f"reminder:{session.pk}:{contact.participant_id}"
    assert keys == {base: TUESDAY_SIX - dt.timedelta(days=1),
                    f"{base}:same_morning": dt.datetime(2026, 10, 13, 12, 0, tzinfo=LONDON)}


def test_a_policy_asking_for_nothing_is_refused():
    session = SessionFactory.create()

    with pytest.raises(ValidationError) as refused:
        reminder_policy_set(programme_type=session.run.programme, day_before=False,
                            same_morning=False, hours_before=None, by=UserFactory.create())

    assert "day_before" in refused.value.message_dict


def test_hours_before_out_of_range_is_refused_with_its_field():
    session = SessionFactory.create()

    with pytest.raises(ValidationError) as refused:
        reminder_policy_set(programme_type=session.run.programme, day_before=False,
                            same_morning=False, hours_before=100, by=UserFactory.create())

    assert "hours_before" in refused.value.message_dict


@time_machine.travel(NOW, tick=False)
def test_message_send_outside_window_at_send_time_is_deferred_not_sent(fake_sms):
    contact = SafeContactFactory.create()
    SafeWindowFactory.create(contact=contact, weekday=2, start=dt.time(8, 0), end=dt.time(9, 0))
    message = MessageFactory.create(participant=contact.participant, session=session_tomorrow())

    status = message_send(message_id=message.pk)

    message.refresh_from_db()
    assert (status, fake_sms) == (MessageStatus.PENDING, [])
    assert message.scheduled_for == dt.datetime(2026, 10, 7, 8, 0, tzinfo=LONDON)


@time_machine.travel(NOW, tick=False)
def test_reminder_for_a_cancelled_session_is_skipped_at_send_time(fake_sms):
    contact = SafeContactFactory.create()
    message = MessageFactory.create(participant=contact.participant,
                                    session=session_tomorrow(status=SessionStatus.CANCELLED))

    assert message_send(message_id=message.pk) == MessageStatus.SKIPPED
    assert fake_sms == []


@time_machine.travel(NOW, tick=False)
def test_message_already_claimed_is_not_sent_again(fake_sms):
    contact = SafeContactFactory.create()
    message = MessageFactory.create(participant=contact.participant, status=MessageStatus.SENDING,
                             session=session_tomorrow())

    assert message_send(message_id=message.pk) == MessageStatus.SENDING
    assert fake_sms == []


def test_message_stuck_in_sending_goes_to_review_not_resent(fake_sms):
    contact = SafeContactFactory.create()
    message = MessageFactory.create(participant=contact.participant, status=MessageStatus.SENDING,
                             claimed_at=NOW, session=session_tomorrow())

    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        send_due_reminders()

    message.refresh_from_db()
    assert (message.status, fake_sms) == (MessageStatus.REVIEW, [])


@time_machine.travel(NOW, tick=False)
def test_send_due_reminders_leaves_messages_that_are_not_yet_due(fake_sms):
    later = NOW + dt.timedelta(days=1, hours=20)  # Thursday 14:00: due Wednesday 14:00
    session = SessionFactory.create(starts_at=later, ends_at=later + dt.timedelta(hours=2))
    enrolled_contact(session)

    assert send_due_reminders() == 0
    assert Message.objects.get().scheduled_for == later - dt.timedelta(hours=24)


def test_message_send_for_a_withdrawn_message_does_nothing(fake_sms):
    assert message_send(message_id=999999) == "missing"
    assert fake_sms == []
