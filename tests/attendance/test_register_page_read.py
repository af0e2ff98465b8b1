"""The register page's one-statement read against the ORM's session and lines (its scope:
test_register_read.py)."""


import pytest

from attendance.register_page_read import register_page_read
from attendance.selectors import register_for_session, register_lines
from attendance.walkins import walk_ins_allowed
from programmes.models import Topic
from scheduler.models import Session
from tests.attendance.factories import MarkFactory, RegisterFactory, held_session
from tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


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
        register = register_for_session(session=read)
        shown = (read.run.name, read.number, read.starts_at, read.status, str(read.room),
                 read.topic and read.topic.title, walk_ins_allowed(read), register)

    assert shown == (orm.run.name, orm.number, orm.starts_at, orm.status, str(orm.room),
                     "Boundaries", walk_ins_allowed(orm), taken)
    assert register is not None
    assert (register.taken_at, register.updated_at, register.source) == (
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
