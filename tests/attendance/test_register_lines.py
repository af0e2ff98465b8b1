"""The register's lines (one hand-written query) against the same question asked of the ORM."""

import datetime as dt

import pytest

from attendance.models import Mark, MarkStatus
from attendance.selectors import RegisterLine, enrolments_on_register, register_lines
from programmes.enums import EnrolmentStatus
from scheduler.models import Session
from tests.attendance.factories import HELD, held_session
from tests.factories import EnrolmentFactory, SessionFactory

pytestmark = pytest.mark.django_db


def lines_by_orm(session: Session) -> list[RegisterLine]:
    """The ORM's answer: who `enrolments_on_register` lists, expected as `is_expected` says,
    with this session's mark (if any)."""
    marks = dict(Mark.objects.filter(session=session).values_list("enrolment_id", "status"))
    starts = session.starts_at
    return [RegisterLine(
        enrolment_id=e.pk, known_as=e.participant.known_as,
        expected=e.joined_at <= starts and (e.left_at is None or e.left_at > starts),
        status=marks.get(e.pk)) for e in enrolments_on_register(session=session)]


def test_lines_match_the_orm_for_every_status_join_and_leave_date(facilitator):
    session = held_session(facilitator)
    other = SessionFactory.create(run=session.run, starts_at=HELD - dt.timedelta(weeks=1))
    elsewhere = held_session(facilitator)  # another run: its people are not on this register
    hour = dt.timedelta(hours=1)
    people = []
    for n, status in enumerate(EnrolmentStatus.values):
        for joined, left in [(HELD - hour, None), (HELD, None), (HELD + hour, None),
                             (HELD - 2 * hour, HELD - hour), (HELD - 2 * hour, HELD),
                             (HELD - 2 * hour, HELD + hour)]:
            people.append(EnrolmentFactory.create(
                run=session.run, status=status, joined_at=joined, left_at=left,
                participant__known_as=f"Name {n % 3}"))  # ties: ordered by enrolment id
    EnrolmentFactory.create(run=elsewhere.run, participant__known_as="Name 0")
    statuses = MarkStatus.values
    for i, enrolment in enumerate(people[::2]):
        Mark.objects.create(session=session, enrolment=enrolment, status=statuses[i % 5],
                            recorded_by=facilitator, recorded_at=HELD)
    for enrolment in people[1::4]:  # a mark at another session is not this one's
        Mark.objects.create(session=other, enrolment=enrolment, status="absent",
                            recorded_by=facilitator, recorded_at=HELD)

    lines = register_lines(session=session)

    assert lines == lines_by_orm(session)
    not_yet_or_never = {"referred", "assessed", "waiting", "offered", "unsuitable"}
    assert {line.enrolment_id for line in lines} == {
        e.pk for e in people
        if e.status not in not_yet_or_never and (e.left_at is None or e.left_at > HELD)}
    assert {line.expected for line in lines} == {True, False}
    assert {line.status for line in lines} >= {None, *statuses}


def test_an_empty_run_has_no_lines(facilitator):
    assert register_lines(session=held_session(facilitator)) == []
