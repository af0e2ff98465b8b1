"""Writers of one register lock only the people they mark (attendance/mark_rows.py)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg
import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_q.conf import Conf

from attendance import mark_rows
from attendance.models import Mark, MarkRevision, Register
from attendance.services import MarkInput, register_submit
from scheduler.calendar.services.sessions import session_cancel
from scheduler.models import Session
from tests.factories import EnrolmentFactory

WAIT = 10.0  # seconds: at most this for what must happen
BLOCKED = 0.8  # seconds: a writer still waiting after this is taken to be blocked



@pytest.fixture(autouse=True)
def queued_tasks(monkeypatch):  # type: ignore[no-untyped-def]
    """Tasks queued, as in production (Q_SYNC=1 would run the outcome task inside the
    writer's transaction, and it locks the whole run's enrolments)."""
    monkeypatch.setattr(Conf, "SYNC", False)


def _needs_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks")


_HOLDING: dict[int, Worker] = {}  # thread ident -> the worker that pauses there


class Worker:
    """Runs `work` in a thread with its own connection. `hold=True` pauses it, locks held,
    until `release()`: a writer just before its last statement (the register's upsert), other
    work once done (its transaction still open)."""

    def __init__(self, work: Callable[[], object], *, hold: bool = False) -> None:
        self.work, self.hold = work, hold
        self.working, self.done, self.released = (threading.Event(), threading.Event(),
                                                  threading.Event())
        self.error: Exception | None = None
        self.thread = threading.Thread(target=self._run)

    def pause(self) -> None:
        self.working.set()
        self.released.wait(WAIT)

    def _run(self) -> None:
        if self.hold:
            _HOLDING[threading.get_ident()] = self
        try:
            with transaction.atomic():
                self.work()
                if self.hold and not self.working.is_set():
                    self.pause()
        except Exception as error:  # noqa: BLE001 - asserted by the test
            self.error = error
        finally:
            self.working.set()
            self.done.set()
            connections.close_all()

    def start(self) -> Worker:
        self.thread.start()
        return self

    def release(self) -> None:
        self.released.set()
        self.thread.join(WAIT)


@pytest.fixture(autouse=True)
def pausing_writers(monkeypatch):  # type: ignore[no-untyped-def]
    """A holding writer pauses before its register upsert (the one row all writers share)."""
    real = mark_rows.register_upsert

    def upsert(**kwargs):  # type: ignore[no-untyped-def]
        worker = _HOLDING.get(threading.get_ident())
        if worker is not None and not worker.working.is_set():
            worker.pause()
        return real(**kwargs)

    monkeypatch.setattr(mark_rows, "register_upsert", upsert)
    yield
    _HOLDING.clear()


@contextmanager
def holding(work: Callable[[], object]) -> Iterator[Worker]:
    """A writer paused with its locks held inside the block."""
    worker = Worker(work, hold=True).start()
    assert worker.working.wait(WAIT)
    assert worker.error is None
    try:
        yield worker
    finally:
        worker.release()


def _submit(session: Session, by, enrolment_id: int, status: str, nonce: str = "",
            ago: int = 0) -> Callable[[], object]:
    recorded_at = timezone.now() - dt.timedelta(minutes=ago)
    return lambda: register_submit(session=session, by=by,
                                   marks=[MarkInput(enrolment_id, status, nonce, recorded_at)])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_writers_for_different_people_do_not_wait_for_each_other(session, facilitator):
    _needs_postgres()
    sam, kit = EnrolmentFactory.create_batch(2, run=session.run)
    _submit(session, facilitator, sam.pk, "absent", "s0", ago=10)()

    with holding(_submit(session, facilitator, sam.pk, "present", "s1")):
        other = Worker(_submit(session, facilitator, kit.pk, "late", "k1")).start()
        assert other.done.wait(WAIT), "a writer for another person waited"
        assert other.error is None

    assert dict(Mark.objects.values_list("enrolment_id", "status")) == {sam.pk: "present",
                                                                        kit.pk: "late"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_writer_for_the_same_person_waits(session, facilitator):
    _needs_postgres()
    sam = EnrolmentFactory.create(run=session.run)
    _submit(session, facilitator, sam.pk, "absent", "s0", ago=10)()

    with holding(_submit(session, facilitator, sam.pk, "present", "s1", ago=2)):
        second = Worker(_submit(session, facilitator, sam.pk, "late", "s2", ago=1)).start()
        assert not second.done.wait(BLOCKED), "a writer for the same person did not wait"
    assert second.done.wait(WAIT) and second.error is None

    assert Mark.objects.get(enrolment=sam).status == "late"
    last = MarkRevision.objects.get(client_nonce="s2")
    assert (last.previous_status, last.applied) == ("present", True)  # it saw the first


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_cancel_waits_for_a_writer_and_then_sees_its_register(session, facilitator):
    _needs_postgres()
    sam = EnrolmentFactory.create(run=session.run)

    with holding(_submit(session, facilitator, sam.pk, "present", "s1")):
        cancel = Worker(lambda: session_cancel(session=Session.objects.get(pk=session.pk),
                                               reason="Venue flooded", by=facilitator)).start()
        assert not cancel.done.wait(BLOCKED), "the cancel did not wait for the writer"
    assert cancel.done.wait(WAIT)

    assert isinstance(cancel.error, ValidationError)
    assert "register has been taken" in str(cancel.error)
    assert Session.objects.get(pk=session.pk).status != "cancelled"
    assert Mark.objects.get(enrolment=sam).status == "present"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_writer_after_a_cancel_waits_for_it_and_is_refused(session, facilitator):
    _needs_postgres()
    sam = EnrolmentFactory.create(run=session.run)

    cancelling = lambda: session_cancel(session=Session.objects.get(pk=session.pk),  # noqa: E731
                                        reason="Venue flooded", by=facilitator)
    with holding(cancelling):
        writer = Worker(_submit(session, facilitator, sam.pk, "present", "s1")).start()
        assert not writer.done.wait(BLOCKED), "the writer did not wait for the cancel"
    assert writer.done.wait(WAIT)

    assert isinstance(writer.error, ValidationError)
    assert "cancelled session has no register" in str(writer.error)
    assert not Mark.objects.exists() and not Register.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("first_ago", "second_ago", "kept"), [(1, 5, "present"),
                                                               (5, 1, "late")])
def test_a_raced_first_mark_keeps_the_newer_tap(session, facilitator, first_ago, second_ago,
                                                 kept):
    _needs_postgres()
    sam = EnrolmentFactory.create(run=session.run)

    with holding(_submit(session, facilitator, sam.pk, "present", "a", ago=first_ago)):
        # Finds no mark to lock (the first is not committed), then meets it on insert.
        second = Worker(_submit(session, facilitator, sam.pk, "late", "b",
                                ago=second_ago)).start()
        assert not second.done.wait(BLOCKED)
    assert second.done.wait(WAIT) and second.error is None

    assert Mark.objects.get(enrolment=sam).status == kept
    raced = MarkRevision.objects.get(client_nonce="b")
    # Compared again with the first mark once it was in place.
    assert raced.previous_status == "present"
    assert raced.applied is (kept == "late")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_replayed_nonce_in_a_race_is_applied_once(session, facilitator):
    _needs_postgres()
    sam = EnrolmentFactory.create(run=session.run)
    replay = _submit(session, facilitator, sam.pk, "present", "same-tap", ago=1)

    with holding(replay):
        again = Worker(replay).start()
        assert not again.done.wait(BLOCKED)
    assert again.done.wait(WAIT) and again.error is None

    assert MarkRevision.objects.filter(client_nonce="same-tap").count() == 1
    assert Mark.objects.get(enrolment=sam).client_nonce == "same-tap"


# Both databases from here.

@pytest.mark.django_db
def test_a_newer_tap_beats_an_older_one(session, facilitator):
    sam = EnrolmentFactory.create(run=session.run)
    now = timezone.now()
    register_submit(session=session, by=facilitator,
                    marks=[MarkInput(sam.pk, "late", "new", now - dt.timedelta(minutes=1))])
    register_submit(session=session, by=facilitator,
                    marks=[MarkInput(sam.pk, "absent", "old", now - dt.timedelta(minutes=9))])

    assert Mark.objects.get(enrolment=sam).status == "late"
    assert MarkRevision.objects.get(client_nonce="old").applied is False


@pytest.mark.django_db
def test_the_upsert_never_overwrites_a_newer_mark_even_when_told_it_is_known(session,
                                                                              facilitator):
    sam, kit = EnrolmentFactory.create_batch(2, run=session.run)
    now = timezone.now()
    register_submit(session=session, by=facilitator, marks=[
        MarkInput(sam.pk, "late", "s", now), MarkInput(kit.pk, "late", "k", now)])
    known = mark_rows.marks_locked(session_id=session.pk, enrolment_ids=[sam.pk, kit.pk])

    written = mark_rows.marks_upsert(session_id=session.pk, by_id=facilitator.pk, known=known,
                                     rows=[mark_rows.MarkRow(sam.pk, "absent", "s2",
                                                             now - dt.timedelta(minutes=1)),
                                           mark_rows.MarkRow(kit.pk, "present", "k2",
                                                             now + dt.timedelta(minutes=1))])

    assert written == {kit.pk}
    assert dict(Mark.objects.values_list("enrolment_id", "status")) == {sam.pk: "late",
                                                                        kit.pk: "present"}


@pytest.mark.django_db
def test_the_upsert_leaves_a_mark_it_did_not_lock_to_the_next_pass(session, facilitator):
    sam = EnrolmentFactory.create(run=session.run)
    register_submit(session=session, by=facilitator,
                    marks=[MarkInput(sam.pk, "late", "s", timezone.now() - dt.timedelta(hours=1))])

    written = mark_rows.marks_upsert(session_id=session.pk, by_id=facilitator.pk, known={},
                                     rows=[mark_rows.MarkRow(sam.pk, "absent", "s2",
                                                             timezone.now())])

    assert written == set()
    assert Mark.objects.get(enrolment=sam).status == "late"


def _queries(session, facilitator, people, nonce: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        register_submit(session=session, by=facilitator,
                        marks=[MarkInput(e.pk, "present", f"{nonce}{e.pk}") for e in people])
    return len(queries)


@pytest.mark.django_db
def test_a_submission_costs_the_same_queries_however_many_are_marked(session, facilitator):
    few = EnrolmentFactory.create_batch(2, run=session.run)
    many = EnrolmentFactory.create_batch(12, run=session.run)

    first_few, first_many = (_queries(session, facilitator, few, "a"),
                             _queries(session, facilitator, many, "b"))
    again_few, again_many = (_queries(session, facilitator, few, "c"),
                             _queries(session, facilitator, many, "d"))

    assert first_few == first_many == again_few == again_many
    assert Mark.objects.filter(session=session).count() == 14


def _aborted_once(monkeypatch, error: Exception) -> list[int]:  # type: ignore[no-untyped-def]
    """The register's upsert fails once with `error` (as PostgreSQL aborts the victim of a
    deadlock), then works: the calls it saw."""
    real, calls = mark_rows.register_upsert, []

    def upsert(**kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError(str(error)) from error
        return real(**kwargs)

    monkeypatch.setattr(mark_rows, "register_upsert", upsert)
    return calls


@pytest.mark.django_db(transaction=True)
def test_a_submission_aborted_by_a_deadlock_is_run_again_whole(session, facilitator,
                                                               monkeypatch):
    sam = EnrolmentFactory.create(run=session.run)
    calls = _aborted_once(monkeypatch, psycopg.errors.DeadlockDetected("deadlock detected"))

    _submit(session, facilitator, sam.pk, "present", "s1")()

    assert len(calls) == 2
    assert Mark.objects.get(enrolment=sam).status == "present"
    # The aborted attempt's writes were rolled back: one revision, no half of the first try.
    assert MarkRevision.objects.filter(client_nonce="s1").count() == 1
    assert Register.objects.filter(session=session).count() == 1


@pytest.mark.django_db(transaction=True)
def test_other_database_errors_are_not_run_again(session, facilitator, monkeypatch):
    sam = EnrolmentFactory.create(run=session.run)
    calls = _aborted_once(monkeypatch, psycopg.errors.DiskFull("no space left"))

    with pytest.raises(OperationalError):
        _submit(session, facilitator, sam.pk, "present", "s1")()

    assert len(calls) == 1
    assert not Mark.objects.filter(enrolment=sam).exists()  # nothing half-written


@pytest.mark.django_db(transaction=True)
def test_a_deadlock_inside_a_callers_transaction_is_the_callers_to_handle(session, facilitator,
                                                                         monkeypatch):
    sam = EnrolmentFactory.create(run=session.run)
    calls = _aborted_once(monkeypatch, psycopg.errors.DeadlockDetected("deadlock detected"))

    with pytest.raises(OperationalError), transaction.atomic():
        _submit(session, facilitator, sam.pk, "present", "s1")()

    assert len(calls) == 1
    assert not Mark.objects.filter(enrolment=sam).exists()


@pytest.mark.django_db
def test_the_locked_marks_and_seen_nonces_are_this_sessions_only(session, facilitator):
    """PostgreSQL reads them by prepared statements with array parameters, SQLite by the ORM:
    the same answers."""
    sam, ann, bo = EnrolmentFactory.create_batch(3, run=session.run)
    now = timezone.now()
    register_submit(session=session, by=facilitator,
                    marks=[MarkInput(sam.pk, "late", "tap-sam", now),
                           MarkInput(ann.pk, "absent", "tap-ann", now)])
    other = Session.objects.create(run=session.run, number=99, starts_at=session.starts_at,
                                   ends_at=session.ends_at)
    register_submit(session=other, by=facilitator, marks=[MarkInput(bo.pk, "present", "tap-bo",
                                                                    now)])

    with transaction.atomic():
        locked = mark_rows.marks_locked(session_id=session.pk,
                                        enrolment_ids=[bo.pk, sam.pk, ann.pk])

    assert {e: (m.status, m.recorded_at) for e, m in locked.items()} == {
        sam.pk: ("late", now), ann.pk: ("absent", now)}
    assert all(m.pk == Mark.objects.get(session=session, enrolment_id=e).pk
               for e, m in locked.items())
    assert mark_rows.nonces_seen(session_id=session.pk,
                                 nonces=["tap-sam", "tap-bo", "unknown"]) == {"tap-sam"}
    assert mark_rows.nonces_seen(session_id=session.pk, nonces=[]) == set()
