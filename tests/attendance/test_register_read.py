"""The API's register read (one hand-written query) against the ORM's scope and lines."""

import contextlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from attendance.models import Register
from attendance.selectors import (
    register_for_session,
    register_lines,
    register_read,
    session_for_register,
)
from scheduler.calendar.enums import SessionStatus
from scheduler.calendar.selectors import sessions_visible_to
from scheduler.models import Session
from scheduler.platform.roles import Role
from tests.attendance.factories import MarkFactory, RegisterFactory, held_session
from tests.factories import EnrolmentFactory, TopicFactory
from tests.rows import column_values

pytestmark = pytest.mark.django_db


def test_the_read_sees_exactly_the_sessions_the_orm_scope_shows(make_user):
    """Facilitators: the sessions of runs they facilitate; planners: every session."""
    mine, theirs = make_user(Role.FACILITATOR), make_user(Role.FACILITATOR)
    sessions = [held_session(mine), held_session(theirs), held_session(mine, theirs),
                held_session()]
    for user in [mine, theirs, make_user(Role.COORDINATOR), make_user(Role.ADMIN)]:
        visible = set(sessions_visible_to(user=user).values_list("pk", flat=True))
        readable = set()
        for session in sessions:
            with contextlib.suppress(Session.DoesNotExist):
                readable.add(register_read(user=user, session_id=session.pk).session_id)
        assert readable == visible & {s.pk for s in sessions}, user.role
    with pytest.raises(Session.DoesNotExist):
        register_read(user=mine, session_id=sessions[-1].pk + 1000)


def test_the_read_carries_the_session_register_and_lines(facilitator):
    session = held_session(facilitator)
    for enrolment in EnrolmentFactory.create_batch(3, run=session.run):
        MarkFactory.create(session=session, enrolment=enrolment, status="late")
    EnrolmentFactory.create(run=session.run, participant__known_as="Aaron")  # no mark yet
    taken = RegisterFactory.create(session=session, source="paper")

    read = register_read(user=facilitator, session_id=session.pk)

    assert (read.session_id, read.run_name, read.number, read.cancelled, read.source) == (
        session.pk, session.run.name, session.number, False, "paper")
    assert read.starts_at == session.starts_at and timezone.is_aware(read.starts_at)
    assert read.taken_at == taken.taken_at and timezone.is_aware(read.taken_at)
    assert read.lines == register_lines(session=session)
    assert [line.known_as for line in read.lines][0] == "Aaron"


def test_an_untaken_register_of_an_empty_cancelled_session(facilitator):
    session = held_session(facilitator)
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.CANCELLED)

    read = register_read(user=facilitator, session_id=session.pk)

    assert (read.cancelled, read.taken_at, read.source, read.lines) == (True, None, None, [])


def _prepared_runs() -> int:
    """How many times the read's prepared statements have run on this connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(SUM(generic_plans + custom_plans), 0)"
                       " FROM pg_prepared_statements WHERE statement LIKE %s",
                       ["%attendance_register reg%"])
        return int(cursor.fetchone()[0])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepares statements")
def test_on_postgresql_the_read_is_prepared_and_answers_as_before(facilitator):
    session = held_session(facilitator)
    enrolment = EnrolmentFactory.create(run=session.run)
    first = register_read(user=facilitator, session_id=session.pk)
    MarkFactory.create(session=session, enrolment=enrolment, status="present")
    before = _prepared_runs()

    reads = [register_read(user=facilitator, session_id=session.pk) for _ in range(7)]

    assert _prepared_runs() - before == 7  # every read ran the prepared statement
    assert first.lines[0].status is None
    assert {r.lines[0].status for r in reads} == {"present"}  # a generic plan sees new marks
    assert all(timezone.is_aware(r.starts_at) and r.starts_at == session.starts_at
               for r in reads)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL prepares statements")
def test_with_prepared_statements_off_the_read_runs_unprepared(facilitator, monkeypatch):
    connection.ensure_connection()
    monkeypatch.setattr(connection.connection, "prepare_threshold", None)
    session = held_session(facilitator)
    EnrolmentFactory.create(run=session.run)
    before = _prepared_runs()

    reads = [register_read(user=facilitator, session_id=session.pk) for _ in range(3)]

    assert _prepared_runs() == before
    assert [len(r.lines) for r in reads] == [1, 1, 1]


def test_the_lean_session_for_a_save_is_the_orms_in_the_same_scope(make_user):
    """The API's save reads its session by one hand-written statement: the same sessions
    as `sessions_visible_to`, every column as the ORM reads it, and the run's name."""
    mine, theirs = make_user(Role.FACILITATOR), make_user(Role.FACILITATOR)
    sessions = [held_session(mine), held_session(theirs), held_session()]
    Session.objects.filter(pk=sessions[0].pk).update(status=SessionStatus.CANCELLED,
                                                     cancel_reason="Venue closed")
    for user in [mine, theirs, make_user(Role.COORDINATOR)]:
        visible = set(sessions_visible_to(user=user).values_list("pk", flat=True))
        for session in sessions:
            if session.pk not in visible:
                with pytest.raises(Session.DoesNotExist):
                    session_for_register(user=user, session_id=session.pk, lean=True)
                continue
            lean = session_for_register(user=user, session_id=session.pk, lean=True)
            orm = Session.objects.get(pk=session.pk)
            assert column_values(lean) == column_values(orm)
            assert timezone.is_aware(lean.starts_at) and lean.run.name == orm.run.name



def test_the_page_session_is_the_orms_with_everything_the_page_shows(make_user):
    """The register page reads its session by one hand-written statement: the same sessions
    as `sessions_visible_to`, and the run, programme, room, venue, topic and register the ORM
    would give, field for field; no room, topic or register where the session has none."""
    mine, theirs = make_user(Role.FACILITATOR), make_user(Role.FACILITATOR)
    full, bare, other = held_session(mine), held_session(mine), held_session(theirs)
    Session.objects.filter(pk=full.pk).update(topic=TopicFactory.create(
        programme=full.run.programme))
    RegisterFactory.create(session=full)
    Session.objects.filter(pk=bare.pk).update(room=None)
    for user in [mine, theirs, make_user(Role.COORDINATOR)]:
        visible = set(sessions_visible_to(user=user).values_list("pk", flat=True))
        for session in [full, bare, other]:
            if session.pk not in visible:
                with pytest.raises(Session.DoesNotExist):
                    session_for_register(user=user, session_id=session.pk)
                continue
            with CaptureQueriesContext(connection) as queries:
                page = session_for_register(user=user, session_id=session.pk)
                related = [page.run, page.run.programme, page.room, page.topic,
                           page.room and page.room.venue]
                register = register_for_session(session=page)
            assert len(queries) == 1
            orm = (Session.objects.select_related("run__programme", "room__venue", "topic")
                   .get(pk=session.pk))
            assert column_values(page) == column_values(orm)
            assert [r and column_values(r) for r in related] == [
                r and column_values(r) for r in [orm.run, orm.run.programme, orm.room, orm.topic,
                                           orm.room and orm.room.venue]]
            orm_register = Register.objects.filter(session=session).first()
            assert (register and column_values(register)) == (
                orm_register and column_values(orm_register))
    assert register_for_session(session=session_for_register(
        user=mine, session_id=full.pk)) is not None
    with pytest.raises(Session.DoesNotExist):
        session_for_register(user=mine, session_id=other.pk + 1000)
