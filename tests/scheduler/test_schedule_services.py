"""Generating a run's sessions from its schedule, and regenerating only the future."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from attendance.models import Register
from scheduler.calendar.enums import SessionKind, SessionStatus
from scheduler.calendar.services import (
    schedule_generate,
    schedule_preview,
    schedule_set,
    session_cancel,
)
from scheduler.models import (
    ChangeKind,
    ClosureKind,
    Schedule,
    Session,
    SessionChange,
    Term,
    User,
)
from tests.factories import LONDON, UserFactory
from tests.scheduler.factories import (
    FREEDOM_TOPICS,
    ClosureFactory,
    TermFactory,
    freedom_run,
    make_room,
)

pytestmark = pytest.mark.django_db

TUESDAYS = "RRULE:FREQ=WEEKLY;BYDAY=TU"
BEFORE_TERM = dt.datetime(2026, 8, 1, 9, tzinfo=LONDON)


def titles(sessions: list[Session]) -> list[str]:
    return [s.topic.title if s.topic else "" for s in sessions]


def plan_autumn(run, *, rule=TUESDAYS, target=12, by=None):  # type: ignore[no-untyped-def]
    term: Term = TermFactory()  # type: ignore[assignment]
    return schedule_set(run=run, rule=rule, start_date=dt.date(2026, 9, 8),
                        start_time=dt.time(10), duration_minutes=120, target_sessions=target,
                        calendars=[term.calendar.pk], by=by)


@time_machine.travel(BEFORE_TERM, tick=False)
def test_schedule_generate_autumn_freedom_programme_skips_half_term():
    run = freedom_run()
    plan_autumn(run)

    sessions = schedule_generate(run=run, by=None)

    local = [s.starts_at.astimezone(LONDON) for s in sessions]
    assert [s.number for s in sessions] == list(range(1, 13))
    assert dt.date(2026, 10, 27) not in [t.date() for t in local]
    assert local[-1].date() == dt.date(2026, 12, 1)
    assert {(t.hour, t.minute) for t in local} == {(10, 0)}
    assert titles(sessions) == FREEDOM_TOPICS
    assert {s.ends_at - s.starts_at for s in sessions} == {dt.timedelta(hours=2)}


@time_machine.travel(BEFORE_TERM, tick=False)
def test_schedule_generate_stores_utc_instants_an_hour_apart_across_clock_change():
    run = freedom_run()
    plan_autumn(run)

    schedule_generate(run=run, by=None)

    saved = list(Session.objects.filter(run=run).order_by("starts_at"))
    assert saved[6].starts_at.astimezone(dt.UTC).time() == dt.time(9)  # 20 Oct, BST
    assert saved[7].starts_at.astimezone(dt.UTC).time() == dt.time(10)  # 3 Nov, GMT


@time_machine.travel(BEFORE_TERM, tick=False)
def test_schedule_generate_cycles_topics_for_rolling_programme():
    run = freedom_run(rolling=True)
    plan_autumn(run, target=14)

    sessions = schedule_generate(run=run, by=None)

    assert titles(sessions[12:]) == FREEDOM_TOPICS[:2]


def test_schedule_regenerate_keeps_past_sessions_and_registers():
    user: User = UserFactory()  # type: ignore[assignment]
    run = freedom_run()
    with time_machine.travel(BEFORE_TERM, tick=False):
        plan_autumn(run)
        first = schedule_generate(run=run, by=user)
    Register.objects.create(session=first[0], taken_by=user,
                            taken_at=first[0].starts_at)
    past = {(s.id, s.starts_at, s.sequence) for s in first[:3]}

    with time_machine.travel(dt.datetime(2026, 9, 25, 12, tzinfo=LONDON), tick=False):
        plan_autumn(run, rule="RRULE:FREQ=WEEKLY;BYDAY=TH", by=user)
        future = schedule_generate(run=run, by=user)

    saved = list(Session.objects.filter(run=run).order_by("starts_at"))
    assert {(s.id, s.starts_at, s.sequence) for s in saved[:3]} == past
    assert Register.objects.get().session_id == first[0].id
    assert len(saved) == 12 and [s.number for s in saved] == list(range(1, 13))
    assert {s.starts_at.astimezone(LONDON).weekday() for s in future} == {3}
    assert {s.id for s in future} == {s.id for s in first[3:]}  # rows reused: stable UIDs
    assert {s.sequence for s in future} == {1}
    assert SessionChange.objects.filter(kind=ChangeKind.MOVED).count() == 9


@time_machine.travel(BEFORE_TERM, tick=False)
def test_schedule_set_rejects_unreachable_target_and_saves_nothing():
    run = freedom_run()

    with pytest.raises(ValidationError) as caught:
        schedule_set(run=run, rule="RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=3",
                     start_date=dt.date(2026, 9, 8), start_time=dt.time(10),
                     duration_minutes=120, target_sessions=12, by=None)

    assert set(caught.value.message_dict) == {"target_sessions"}
    assert Schedule.objects.count() == 0


def test_schedule_generate_without_schedule_is_a_validation_error():
    with pytest.raises(ValidationError):
        schedule_generate(run=freedom_run(), by=None)


@time_machine.travel(BEFORE_TERM, tick=False)
def test_schedule_preview_lists_skipped_dates_and_saves_nothing():
    run = freedom_run()
    term: Term = TermFactory()  # type: ignore[assignment]

    preview = schedule_preview(run=run, rule=TUESDAYS, start_date=dt.date(2026, 9, 8),
                               start_time=dt.time(10), duration_minutes=120,
                               target_sessions=12, calendars=[term.calendar.pk])

    assert [(s.day, s.reason) for s in preview.plan.skipped] == [
        (dt.date(2026, 10, 27), "Half-term (Autumn 2026)")]
    assert preview.clashes == []
    assert Session.objects.filter(kind=SessionKind.GROUP).count() == 0


@time_machine.travel(BEFORE_TERM, tick=False)
def test_schedule_generate_skips_organisation_and_own_venue_closures_only():
    run = freedom_run()
    ClosureFactory(starts_on=dt.date(2026, 9, 15), ends_on=dt.date(2026, 9, 15),
                   reason="Staff training day")
    ClosureFactory(kind=ClosureKind.VENUE, venue=run.venue, starts_on=dt.date(2026, 9, 22),
                   ends_on=dt.date(2026, 9, 22), reason="Boiler repair")
    ClosureFactory(kind=ClosureKind.VENUE, venue=make_room().venue,
                   starts_on=dt.date(2026, 9, 29), ends_on=dt.date(2026, 9, 29), reason="Other")

    preview = schedule_preview(run=run, rule=TUESDAYS, start_date=dt.date(2026, 9, 8),
                               start_time=dt.time(10), duration_minutes=120, target_sessions=4)

    assert [(s.day, s.reason) for s in preview.plan.skipped] == [
        (dt.date(2026, 9, 15), "Staff training day"), (dt.date(2026, 9, 22), "Boiler repair")]
    assert preview.plan.dates == [dt.date(2026, 9, 8), dt.date(2026, 9, 29),
                                  dt.date(2026, 10, 6), dt.date(2026, 10, 13)]


@time_machine.travel(BEFORE_TERM, tick=False)
def test_schedule_regenerate_shifting_a_week_later_reuses_rows_without_self_clash():
    """Each session moves onto its neighbour's old slot (the PostgreSQL guard is deferred)."""
    run = freedom_run()
    plan_autumn(run)
    first = schedule_generate(run=run, by=None)

    schedule_set(run=run, rule=TUESDAYS, start_date=dt.date(2026, 9, 15),
                 start_time=dt.time(10), duration_minutes=120, target_sessions=12, by=None,
                 calendars=run.schedule.calendars.values_list("id", flat=True))
    second = schedule_generate(run=run, by=None)

    assert [s.id for s in second] == [s.id for s in first]
    assert [s.starts_at for s in second[:-1]] == [s.starts_at for s in first[1:]]


@time_machine.travel(BEFORE_TERM, tick=False)
def test_schedule_regenerate_after_cancelling_extends_past_the_cancelled_date():
    run = freedom_run()
    plan_autumn(run)
    sessions = schedule_generate(run=run, by=None)
    session_cancel(session=sessions[2], reason="Venue flooded", by=None)

    regenerated = schedule_generate(run=run, by=None)

    live = Session.objects.filter(run=run).exclude(status=SessionStatus.CANCELLED)
    assert live.count() == 12 and len(regenerated) == 12
    assert sessions[2].starts_at not in [s.starts_at for s in live]
    assert max(s.starts_at for s in live).date() == dt.date(2026, 12, 8)
