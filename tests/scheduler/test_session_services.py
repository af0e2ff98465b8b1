"""Editing sessions: move, cancel, add; clash checks on every save; the PostgreSQL guard."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from scheduler.calendar.enums import SessionKind, SessionStatus
from scheduler.calendar.services import session_add, session_cancel, session_clashes, session_move
from scheduler.models import ChangeKind, Session, SessionChange
from tests.factories import LONDON
from tests.scheduler.factories import (
    keep_apart,
    make_enrolment,
    make_room,
    make_run,
    make_session,
)

pytestmark = pytest.mark.django_db

TUE_10 = dt.datetime(2026, 11, 3, 10, tzinfo=LONDON)
HOURS = dt.timedelta(hours=2)


def test_session_move_bumps_sequence_and_records_the_change():
    session = make_session(starts_at=TUE_10, ends_at=TUE_10 + HOURS)
    later = TUE_10 + dt.timedelta(days=1)

    moved = session_move(session=session, starts_at=later, ends_at=later + HOURS,
                         reason="Room flooded", by=None)

    change = SessionChange.objects.get()
    assert (moved.sequence, change.kind, change.old_starts_at, change.new_starts_at) == (
        1, ChangeKind.MOVED, TUE_10, later)


def test_session_move_into_a_booked_room_is_refused_and_nothing_changes():
    booked = make_session(starts_at=TUE_10, ends_at=TUE_10 + HOURS)
    other = make_session(run__room=booked.room, starts_at=TUE_10 + dt.timedelta(days=1),
                           ends_at=TUE_10 + dt.timedelta(days=1) + HOURS)

    with pytest.raises(ValidationError) as caught:
        session_move(session=other, starts_at=TUE_10 + dt.timedelta(hours=1),
                     ends_at=TUE_10 + dt.timedelta(hours=3), by=None)

    assert "clashes" in caught.value.message_dict
    other.refresh_from_db()
    assert (other.sequence, SessionChange.objects.count()) == (0, 0)


def test_session_move_back_to_back_in_the_same_room_is_allowed():
    booked = make_session(starts_at=TUE_10, ends_at=TUE_10 + HOURS)
    other = make_session(run__room=booked.room, starts_at=TUE_10 + dt.timedelta(days=1),
                           ends_at=TUE_10 + dt.timedelta(days=1) + HOURS)

    session_move(session=other, starts_at=TUE_10 + HOURS, ends_at=TUE_10 + 2 * HOURS, by=None)

    assert Session.objects.get(pk=other.pk).starts_at == TUE_10 + HOURS


def test_session_move_rejects_end_before_start():
    session = make_session()

    with pytest.raises(ValidationError) as caught:
        session_move(session=session, starts_at=TUE_10, ends_at=TUE_10, by=None)

    assert set(caught.value.message_dict) == {"ends_at"}


def test_session_cancel_needs_a_reason_and_records_it():
    session = make_session()
    with pytest.raises(ValidationError):
        session_cancel(session=session, reason=" ", by=None)

    session_cancel(session=session, reason="Facilitator ill", by=None)

    session.refresh_from_db()
    assert (session.status, session.sequence, session.cancel_reason) == (
        SessionStatus.CANCELLED, 1, "Facilitator ill")
    assert SessionChange.objects.get().kind == ChangeKind.CANCELLED


def test_session_add_catch_up_is_numbered_after_the_last_session():
    first = make_session(number=12, starts_at=TUE_10, ends_at=TUE_10 + HOURS)
    start = TUE_10 + dt.timedelta(days=2)

    added = session_add(run=first.run, kind=SessionKind.CATCH_UP, starts_at=start,
                        ends_at=start + HOURS, by=None)

    assert (added.number, added.kind, added.room_id) == (13, SessionKind.CATCH_UP,
                                                         first.run.room_id)
    assert SessionChange.objects.get().kind == ChangeKind.ADDED


def test_session_add_rejects_a_room_at_another_venue():
    run = make_run()
    with pytest.raises(ValidationError) as caught:
        session_add(run=run, kind=SessionKind.EXTRA, starts_at=TUE_10, ends_at=TUE_10 + HOURS,
                    room=make_room(), by=None)
    assert set(caught.value.message_dict) == {"room_id"}


def test_keep_apart_participants_at_the_same_venue_block_a_new_session():
    mine = make_session(starts_at=TUE_10, ends_at=TUE_10 + HOURS)
    other_room = make_room(venue=mine.run.venue)
    other_run = make_run(room=other_room)
    her = make_enrolment(run=mine.run).participant
    him = make_enrolment(run=other_run).participant
    keep_apart(her, him)
    start = TUE_10 + HOURS + dt.timedelta(minutes=30)

    clashes = session_clashes(run=other_run, starts_at=start, ends_at=start + HOURS,
                              room=other_room)

    assert [c.rule for c in clashes] == ["keep_apart"]
    with pytest.raises(ValidationError):
        session_add(run=other_run, kind=SessionKind.EXTRA, starts_at=start,
                    ends_at=start + HOURS, by=None)


def test_ended_keep_apart_link_does_not_clash():
    mine = make_session(starts_at=TUE_10, ends_at=TUE_10 + HOURS)
    other_run = make_run(room=make_room(venue=mine.run.venue))
    link = keep_apart(make_enrolment(run=mine.run).participant,
                      make_enrolment(run=other_run).participant)
    link.ended_at = TUE_10
    link.save()

    assert session_clashes(run=other_run, starts_at=TUE_10 + HOURS,
                           ends_at=TUE_10 + 2 * HOURS, room=other_run.room) == []


def _pg_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("exclusion constraints need PostgreSQL")


@pytest.mark.postgres
def test_room_constraint_rejects_a_direct_double_booking():
    _pg_only()
    booked = make_session(starts_at=TUE_10, ends_at=TUE_10 + HOURS)

    with pytest.raises(IntegrityError), transaction.atomic():
        make_session(run=booked.run, room=booked.room, starts_at=TUE_10 + HOURS / 2,
                       ends_at=TUE_10 + HOURS * 2)


@pytest.mark.postgres
def test_room_constraint_allows_back_to_back_and_cancelled_overlaps():
    _pg_only()
    booked = make_session(starts_at=TUE_10, ends_at=TUE_10 + HOURS)

    make_session(run=booked.run, room=booked.room, starts_at=TUE_10 + HOURS,
                   ends_at=TUE_10 + 2 * HOURS)
    make_session(run=booked.run, room=booked.room, starts_at=TUE_10, ends_at=TUE_10 + HOURS,
                   status=SessionStatus.CANCELLED)

    assert Session.objects.count() == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_room_constraint_rejects_concurrent_double_booking():
    """Two coordinators both pass the service check, then both insert: only one wins."""
    _pg_only()
    run = make_run()
    first_inserted, outcomes = threading.Event(), dict[str, str]()

    def book(name: str, wait: threading.Event | None) -> None:
        try:
            with transaction.atomic():
                if wait:
                    wait.wait(timeout=10)
                Session.objects.create(run=run, room=run.room, starts_at=TUE_10,
                                       ends_at=TUE_10 + HOURS, number=1)
                if not wait:
                    first_inserted.set()
                    second.start()
            outcomes[name] = "saved"
        except IntegrityError:
            outcomes[name] = "refused"
        finally:
            connection.close()

    second = threading.Thread(target=book, args=("second", first_inserted))
    first = threading.Thread(target=book, args=("first", None))
    first.start()
    first.join()
    second.join()

    assert outcomes == {"first": "saved", "second": "refused"}
    assert Session.objects.filter(room=run.room).count() == 1
