import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from attendance.models import Mark, MarkRevision, Register
from attendance.services import MarkInput, register_submit
from programmes.enums import EnrolmentStatus
from scheduler.calendar.enums import SessionStatus
from scheduler.platform.roles import Role
from scheduler.platform.timezones import LONDON
from tests.attendance.factories import HELD
from tests.factories import EnrolmentFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

def marks_of(session):
    return dict(Mark.objects.filter(session=session).values_list("enrolment_id", "status"))


def test_register_submit_records_marks_and_the_register(session, facilitator):
    a, b = EnrolmentFactory.create_batch(2, run=session.run)

    register = register_submit(session=session, by=facilitator,
                               marks=[MarkInput(a.pk, "present", "n1"),
                                      MarkInput(b.pk, "absent", "n2")])

    assert marks_of(session) == {a.pk: "present", b.pk: "absent"}
    assert (register.session_id, register.taken_by_id) == (session.pk, facilitator.pk)


def test_register_submit_corrects_a_mark_without_duplicating_it(session, facilitator):
    a = EnrolmentFactory.create(run=session.run)
    register_submit(session=session, by=facilitator, marks=[MarkInput(a.pk, "absent", "")])

    register_submit(session=session, by=facilitator, marks=[MarkInput(a.pk, "late", "")])

    assert marks_of(session) == {a.pk: "late"}
    assert Register.objects.filter(session=session).count() == 1


def test_register_submit_ignores_a_replayed_nonce_after_a_newer_mark(session, facilitator):
    a = EnrolmentFactory.create(run=session.run)
    register_submit(session=session, by=facilitator, marks=[MarkInput(a.pk, "absent", "first")])
    register_submit(session=session, by=facilitator, marks=[MarkInput(a.pk, "present", "second")])

    register_submit(session=session, by=facilitator, marks=[MarkInput(a.pk, "absent", "first")])

    assert marks_of(session) == {a.pk: "present"}
    assert MarkRevision.objects.filter(session=session).count() == 2


def test_register_submit_keeps_a_newer_mark_over_an_older_offline_one(session, facilitator):
    a = EnrolmentFactory.create(run=session.run)
    online = HELD + dt.timedelta(minutes=10)
    register_submit(session=session, by=facilitator, marks=[MarkInput(a.pk, "present", "online")],
                    now=online)

    register_submit(session=session, by=facilitator, now=online + dt.timedelta(minutes=30),
                    marks=[MarkInput(a.pk, "absent", "offline", HELD + dt.timedelta(minutes=5))])

    assert marks_of(session) == {a.pk: "present"}
    assert MarkRevision.objects.get(client_nonce="offline").applied is False


def test_register_submit_refuses_a_participant_not_expected(session, facilitator):
    late_joiner = EnrolmentFactory.create(run=session.run, joined_at=HELD + dt.timedelta(days=1))
    other_run = EnrolmentFactory.create()
    waiting = EnrolmentFactory.create(run=session.run, status=EnrolmentStatus.WAITING)

    with pytest.raises(ValidationError) as error:
        register_submit(session=session, by=facilitator, marks=[
            MarkInput(late_joiner.pk, "present", ""), MarkInput(other_run.pk, "present", ""),
            MarkInput(waiting.pk, "present", "")])

    assert sorted(error.value.message_dict) == [
        "marks.0.enrolment_id", "marks.1.enrolment_id", "marks.2.enrolment_id"]


def test_register_submit_saves_nothing_when_one_mark_is_bad(session, facilitator):
    a, b = EnrolmentFactory.create_batch(2, run=session.run)

    with pytest.raises(ValidationError) as error:
        register_submit(session=session, by=facilitator,
                        marks=[MarkInput(a.pk, "present", ""), MarkInput(b.pk, "asleep", "")])

    assert list(error.value.message_dict) == ["marks.1.status"]
    assert (Mark.objects.count(), Register.objects.count()) == (0, 0)


def test_register_submit_refuses_a_cancelled_session(session, facilitator):
    Session = type(session)
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.CANCELLED)

    with pytest.raises(ValidationError) as error:
        register_submit(session=session, by=facilitator, marks=[])

    assert list(error.value.message_dict) == ["session"]


def test_register_submit_refuses_a_facilitator_of_another_run(session):
    a = EnrolmentFactory.create(run=session.run)

    with pytest.raises(PermissionDenied):
        register_submit(session=session, by=UserFactory.create(role=Role.FACILITATOR),
                        marks=[MarkInput(a.pk, "present", "")])


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_register_submit_lets_planners_take_any_register(session, role):
    a = EnrolmentFactory.create(run=session.run)

    register_submit(session=session, by=UserFactory.create(role=role),
                    marks=[MarkInput(a.pk, "present", "")])

    assert marks_of(session) == {a.pk: "present"}


@pytest.mark.parametrize("role", [Role.MANAGER, Role.CRECHE_WORKER])
def test_register_submit_refuses_roles_that_do_not_take_registers(session, role):
    with pytest.raises(PermissionDenied):
        register_submit(session=session, by=UserFactory.create(role=role), marks=[])


def test_register_submit_derives_starters_from_the_register(session, facilitator):
    SessionFactory.create(run=session.run, starts_at=HELD + dt.timedelta(weeks=1))
    came, stayed_away = EnrolmentFactory.create_batch(2, run=session.run)

    register_submit(session=session, by=facilitator,
                    marks=[MarkInput(came.pk, "present", ""),
                           MarkInput(stayed_away.pk, "absent", "")])

    came.refresh_from_db()
    stayed_away.refresh_from_db()
    assert (came.status, stayed_away.status) == (EnrolmentStatus.STARTED,
                                                 EnrolmentStatus.ENROLLED)


def test_register_submit_refuses_a_session_on_a_later_day(session, facilitator):
    a = EnrolmentFactory.create(run=session.run)

    with pytest.raises(ValidationError) as error:
        register_submit(session=session, by=facilitator, marks=[MarkInput(a.pk, "present", "")],
                        now=HELD - dt.timedelta(days=1))

    assert list(error.value.message_dict) == ["session"]
    assert Mark.objects.count() == 0


def test_register_submit_accepts_a_register_taken_early_on_the_day(facilitator):
    # A fixed evening session, not HELD: an hour before HELD is the previous day when the
    # suite runs between 03:00 and 04:00.
    evening = dt.datetime(2026, 10, 6, 18, 0, tzinfo=LONDON)
    session = SessionFactory.create(starts_at=evening, ends_at=evening + dt.timedelta(hours=2),
                                    run__facilitators=[facilitator])
    a = EnrolmentFactory.create(run=session.run)

    register_submit(session=session, by=facilitator, marks=[MarkInput(a.pk, "present", "")],
                    now=evening.replace(hour=9))

    assert marks_of(session) == {a.pk: "present"}
