"""Registers lock REGISTER_LOCK_DAYS after the session, or once its quarter is published."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from attendance import locks
from attendance.locks import register_is_locked
from attendance.models import Mark, MarkRevision, PublishedReturn
from attendance.publication import return_publish
from attendance.quarters import Quarter
from attendance.services import MarkInput, register_submit
from scheduler.calendar.recurrence import LONDON
from tests.factories import EnrolmentFactory, SessionFactory

pytestmark = pytest.mark.django_db

TUESDAY = dt.datetime(2026, 10, 6, 19, 0, tzinfo=LONDON)


def never(day: dt.date) -> bool:
    return False


def always(day: dt.date) -> bool:
    return True


@pytest.fixture
def tuesday_session(facilitator):
    return SessionFactory.create(starts_at=TUESDAY, ends_at=TUESDAY + dt.timedelta(hours=2),
                                 run__facilitators=[facilitator])


def test_a_register_stays_open_for_seven_whole_days_after_the_session(tuesday_session):
    last_open = dt.datetime(2026, 10, 13, 23, 59, tzinfo=LONDON)

    assert register_is_locked(session=tuesday_session, now=last_open, published=never) is False
    assert register_is_locked(session=tuesday_session, now=last_open + dt.timedelta(minutes=1),
                              published=never) is True


def test_the_lock_follows_the_setting(tuesday_session, settings):
    settings.REGISTER_LOCK_DAYS = 1

    assert register_is_locked(session=tuesday_session, now=TUESDAY + dt.timedelta(days=1),
                              published=never) is False
    assert register_is_locked(session=tuesday_session, now=TUESDAY + dt.timedelta(days=2),
                              published=never) is True


def test_a_published_quarter_locks_its_registers_at_once(tuesday_session):
    asked: list[dt.date] = []

    def published(day: dt.date) -> bool:
        asked.append(day)
        return True

    assert register_is_locked(session=tuesday_session, now=TUESDAY, published=published) is True
    assert asked == [dt.date(2026, 10, 6)]


def test_registered_publication_checks_are_the_default(tuesday_session, monkeypatch):
    monkeypatch.setattr(locks, "publication_checks", [])
    assert register_is_locked(session=tuesday_session, now=TUESDAY) is False

    locks.publication_check_register(always)

    assert register_is_locked(session=tuesday_session, now=TUESDAY) is True


def test_a_change_to_a_locked_register_needs_a_reason(tuesday_session, facilitator):
    sam = EnrolmentFactory.create(run=tuesday_session.run)
    register_submit(session=tuesday_session, by=facilitator,
            marks=[MarkInput(sam.pk, "absent", "a")],
                    now=TUESDAY + dt.timedelta(hours=3))
    later = TUESDAY + dt.timedelta(days=60)

    with pytest.raises(ValidationError) as refused:
        register_submit(session=tuesday_session, by=facilitator,
                        marks=[MarkInput(sam.pk, "present", "b")], now=later)

    assert refused.value.message_dict == {
        "reason": ["This register is locked: give a reason for the change."]}
    assert Mark.objects.get().status == "absent"


def test_a_replayed_mark_to_a_locked_register_needs_no_reason(tuesday_session, facilitator):
    sam = EnrolmentFactory.create(run=tuesday_session.run)
    register_submit(session=tuesday_session, by=facilitator,
            marks=[MarkInput(sam.pk, "absent", "a")],
                    now=TUESDAY + dt.timedelta(hours=3))

    register_submit(session=tuesday_session, by=facilitator,
            marks=[MarkInput(sam.pk, "absent", "a")],
                    now=TUESDAY + dt.timedelta(days=60))

    assert MarkRevision.objects.count() == 1


def test_an_amendment_records_who_when_why_and_before_after(tuesday_session, facilitator):
    sam = EnrolmentFactory.create(run=tuesday_session.run)
    register_submit(session=tuesday_session, by=facilitator,
            marks=[MarkInput(sam.pk, "absent", "a")],
                    now=TUESDAY + dt.timedelta(hours=3))
    later = TUESDAY + dt.timedelta(days=60)

    register_submit(session=tuesday_session, by=facilitator,
            marks=[MarkInput(sam.pk, "present", "b")],
                    now=later, reason="Sign-in sheet found")

    amendment = MarkRevision.objects.get(client_nonce="b")
    assert (amendment.previous_status, amendment.status, amendment.reason, amendment.after_lock,
            amendment.recorded_by_id) == ("absent", "present", "Sign-in sheet found", True,
                                          facilitator.pk)
    assert Mark.objects.get().status == "present"


def test_publishing_the_quarter_locks_its_registers_at_once(make_user):
    """Wired in AttendanceConfig.ready(): the default check asks attendance.publication."""
    session = SessionFactory.create(starts_at=dt.datetime(2026, 12, 30, 10, tzinfo=LONDON))
    now = dt.datetime(2027, 1, 2, 9, tzinfo=LONDON)  # 3 days later: inside the 7-day window
    assert not register_is_locked(session=session, now=now)

    # Published as return_publish would: once the quarter has ended (it refuses before).
    with time_machine.travel(now, tick=False):
        PublishedReturn.objects.create(year=2026, quarter=3, threshold=5, report={},
                                       definitions_version="test", computed_at=now,
                                       published_at=now, published_by=make_user())
        assert register_is_locked(session=session, now=now)


def test_a_running_quarter_is_never_published_so_its_lock_asks_no_query(
        make_user, django_assert_num_queries):
    """Only return_publish publishes, and only an ended quarter: the check of a running
    quarter's register needs no query (every register read on the day asks it)."""
    today = timezone.localdate()
    session = SessionFactory.create(starts_at=dt.datetime.combine(today, dt.time(10),
                                                                  tzinfo=LONDON))
    with django_assert_num_queries(0):
        assert not register_is_locked(session=session, now=timezone.now())
    quarter = Quarter.of(today)
    with pytest.raises(ValidationError):
        return_publish(quarter=quarter, threshold=5, by=make_user())
