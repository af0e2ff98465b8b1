"""The register page's one-statement read against the ORM's scope, session and lines."""

import contextlib

import pytest

from attendance.register_page_read import register_page_read
from attendance.selectors import register_for_session, register_lines
from attendance.walkins import walk_ins_allowed
from programmes.models import Topic
from scheduler.calendar.selectors import sessions_visible_to
from scheduler.models import Session
from scheduler.platform.roles import Role
from tests.attendance.factories import MarkFactory, RegisterFactory, held_session
from tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


def test_the_page_read_sees_exactly_the_sessions_the_orm_scope_shows(make_user):
    mine, theirs = make_user(Role.FACILITATOR), make_user(Role.FACILITATOR)
    sessions = [held_session(mine), held_session(theirs), held_session(mine, theirs),
                held_session()]
    for user in [mine, theirs, make_user(Role.COORDINATOR), make_user(Role.ADMIN)]:
        visible = set(sessions_visible_to(user=user).values_list("pk", flat=True))
        readable = set()
        for session in sessions:
            with contextlib.suppress(Session.DoesNotExist):
                readable.add(register_page_read(user=user, session_id=session.pk)[0].pk)
        assert readable == visible & {s.pk for s in sessions}, user.role
    with pytest.raises(Session.DoesNotExist):
        register_page_read(user=mine, session_id=sessions[-1].pk + 1000)


def test_the_page_read_carries_what_the_page_shows_in_one_query(facilitator,
                                                                 django_assert_num_queries):
    session = held_session(facilitator)
    topic = Topic.objects.create(programme=session.run.programme, order=1, title="Boundaries")
    Session.objects.filter(pk=session.pk).update(topic=topic)
    for enrolment in EnrolmentFactory.create_batch(3, run=session.run):
        MarkFactory.create(session=session, enrolment=enrolment, status="late")
    EnrolmentFactory.create(run=session.run, participant__known_as="Aaron")  # no mark yet
    taken = RegisterFactory.create(session=session, source="paper")
    orm = Session.objects.select_related("run__programme", "room__venue", "topic",
                                         "register").get(pk=session.pk)

    with django_assert_num_queries(1):
        read, lines = register_page_read(user=facilitator, session_id=session.pk)
        shown = (read.run.name, read.number, read.starts_at, read.status, str(read.room),
                 read.topic.title, walk_ins_allowed(read), register_for_session(session=read))

    assert shown == (orm.run.name, orm.number, orm.starts_at, orm.status, str(orm.room),
                     "Boundaries", walk_ins_allowed(orm), taken)
    assert (shown[-1].taken_at, shown[-1].updated_at, shown[-1].source) == (
        taken.taken_at, orm.register.updated_at, "paper")
    assert lines == register_lines(session=orm)
    assert [line.known_as for line in lines][0] == "Aaron"
    assert read.run.capacity == orm.run.capacity  # a column not read is loaded, not made up


def test_an_untaken_register_with_no_room_or_topic_asks_nothing_more(facilitator,
                                                                    django_assert_num_queries):
    session = held_session(facilitator)
    Session.objects.filter(pk=session.pk).update(room=None, topic=None)

    with django_assert_num_queries(1):
        read, lines = register_page_read(user=facilitator, session_id=session.pk)
        assert (register_for_session(session=read), read.room, read.topic, lines) == (
            None, None, None, [])
