"""Starters and completers derived from real registers through attendance.derivation."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from attendance.derivation import enrolments_refresh_outcomes
from attendance.models import Mark, MarkStatus, Register
from programmes.enums import EnrolmentStatus as S
from programmes.enums import TransitionReason as R
from programmes.models import ProgrammeType
from programmes.services import enrolment_override_completion
from scheduler.calendar.enums import SessionKind
from tests.factories import LONDON, EnrolmentFactory, GroupRunFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 9, 8, 10, 0, tzinfo=LONDON)
AFTER_RUN = dt.datetime(2027, 6, 1, 12, 0, tzinfo=LONDON)


def run_of(slug, sessions):
    run = GroupRunFactory.create(programme=ProgrammeType.objects.get(slug=slug))
    made = [SessionFactory.create(run=run, number=i + 1, starts_at=START + dt.timedelta(weeks=i),
                           ends_at=START + dt.timedelta(weeks=i, hours=2))
            for i in range(sessions)]
    return run, made


def take_registers(sessions, marks_by_enrolment):
    """marks_by_enrolment: enrolment → string of P/A/- per session ('-' = no mark)."""
    user = UserFactory.create()
    for i, session in enumerate(sessions):
        Register.objects.create(session=session, taken_by=user, taken_at=session.ends_at)
        for enrolment, pattern in marks_by_enrolment.items():
            if pattern[i] != "-":
                status = MarkStatus.PRESENT if pattern[i] == "P" else MarkStatus.ABSENT
                Mark.objects.create(session=session, enrolment=enrolment, status=status,
                                    recorded_by=user, recorded_at=session.ends_at)


@time_machine.travel(AFTER_RUN, tick=False)
def test_refresh_derives_starters_and_completers_for_a_closed_cohort():
    run, sessions = run_of("recovery-toolkit", 12)
    completer, starter, never = EnrolmentFactory.create_batch(3, run=run, status=S.ENROLLED,
                                                              joined_at=START)
    take_registers(sessions, {completer: "AAAPPPPPPPPP", starter: "PPPPPPPPPAAA",
                              never: "AAAAAAAAAAAA"})

    enrolments_refresh_outcomes(run_id=run.pk)

    for e in (completer, starter, never):
        e.refresh_from_db()
    assert (completer.status, starter.status, never.status) == (S.COMPLETED, S.STARTED,
                                                                S.ENROLLED)
    assert [(ev.to_status, ev.reason_code, ev.reason) for ev in completer.events.all()] == [
        (S.STARTED, R.DERIVED_FROM_REGISTER, "derived from register"),
        (S.COMPLETED, R.DERIVED_FROM_REGISTER, "derived from register")]


@time_machine.travel(AFTER_RUN, tick=False)
def test_late_joiner_earlier_sessions_are_not_absences():
    run, sessions = run_of("recovery-toolkit", 12)
    late = EnrolmentFactory.create(run=run, status=S.ENROLLED, joined_at=sessions[2].starts_at)
    take_registers(sessions, {late: "--PPPPPPPAPP"})

    enrolments_refresh_outcomes(run_id=run.pk)

    late.refresh_from_db()
    assert late.status == S.COMPLETED


@time_machine.travel(AFTER_RUN, tick=False)
def test_refresh_is_idempotent_and_follows_a_corrected_mark():
    run, sessions = run_of("recovery-toolkit", 12)
    enrolment = EnrolmentFactory.create(run=run, status=S.ENROLLED, joined_at=START)
    take_registers(sessions, {enrolment: "PPPPPPPPPAAP"})
    enrolments_refresh_outcomes(run_id=run.pk)
    enrolments_refresh_outcomes(run_id=run.pk)
    Mark.objects.filter(enrolment=enrolment, session=sessions[-1]).update(
        status=MarkStatus.ABSENT)

    enrolments_refresh_outcomes(run_id=run.pk)

    enrolment.refresh_from_db()
    assert enrolment.status == S.STARTED
    assert [ev.to_status for ev in enrolment.events.all()] == [S.STARTED, S.COMPLETED, S.STARTED]


@time_machine.travel(AFTER_RUN, tick=False)
def test_refresh_leaves_withdrawn_enrolments_alone():
    run, sessions = run_of("recovery-toolkit", 12)
    gone = EnrolmentFactory.create(run=run, status=S.WITHDRAWN, joined_at=START)
    take_registers(sessions, {gone: "P" * 12})

    enrolments_refresh_outcomes(run_id=run.pk)

    gone.refresh_from_db()
    assert gone.status == S.WITHDRAWN


@time_machine.travel(AFTER_RUN, tick=False)
def test_freedom_rolling_completion_from_registers_with_topics():
    programme = ProgrammeType.objects.get(slug="freedom-programme")
    run, sessions = run_of("freedom-programme", 14)
    topics = list(programme.topics.all())
    for i, session in enumerate(sessions):  # two-week overlap into the next cycle
        session.topic = topics[i % 12]
        session.save()
    joined_week_3 = EnrolmentFactory.create(run=run, status=S.ENROLLED,
                                     joined_at=sessions[2].starts_at)
    take_registers(sessions, {joined_week_3: "--" + "P" * 12})

    enrolments_refresh_outcomes(run_id=run.pk)

    joined_week_3.refresh_from_db()
    assert joined_week_3.status == S.COMPLETED


@time_machine.travel(AFTER_RUN, tick=False)
def test_perpetrator_needs_22_of_26():
    run, sessions = run_of("perpetrator-programme", 26)
    man = EnrolmentFactory.create(run=run, status=S.ENROLLED, joined_at=START)
    take_registers(sessions, {man: "P" * 21 + "A" * 5})

    enrolments_refresh_outcomes(run_id=run.pk)

    man.refresh_from_db()
    assert man.status == S.STARTED


@time_machine.travel(AFTER_RUN, tick=False)
def test_completion_override_needs_a_reason_and_is_audited():
    run, sessions = run_of("recovery-toolkit", 12)
    enrolment = EnrolmentFactory.create(run=run, status=S.ENROLLED, joined_at=START)
    take_registers(sessions, {enrolment: "P" * 8 + "AAAA"})
    coordinator = UserFactory.create()
    with pytest.raises(ValidationError):
        enrolment_override_completion(enrolment=enrolment, completed=True, reason="",
                                      by=coordinator)

    enrolment_override_completion(enrolment=enrolment, completed=True,
                                  reason="Hospital stay; 1:1 catch-ups delivered",
                                  by=coordinator)
    enrolments_refresh_outcomes(run_id=run.pk)

    enrolment.refresh_from_db()
    event = enrolment.events.get()
    assert (enrolment.status, enrolment.completion_override) == (S.COMPLETED, True)
    assert (event.reason_code, event.by, event.reason) == (
        R.COMPLETION_OVERRIDE, coordinator, "Hospital stay; 1:1 catch-ups delivered")


@time_machine.travel(AFTER_RUN, tick=False)
def test_catch_up_session_attended_counts_towards_completion():
    run, sessions = run_of("perpetrator-programme", 26)
    man = EnrolmentFactory.create(run=run, status=S.ENROLLED, joined_at=START)
    take_registers(sessions, {man: "P" * 21 + "A" * 5})
    catch_up = SessionFactory.create(run=run, number=27, kind=SessionKind.CATCH_UP,
                              starts_at=START + dt.timedelta(weeks=27),
                              ends_at=START + dt.timedelta(weeks=27, hours=2))
    take_registers([catch_up], {man: "P"})

    enrolments_refresh_outcomes(run_id=run.pk)

    man.refresh_from_db()
    assert man.status == S.COMPLETED


@time_machine.travel(AFTER_RUN, tick=False)
def test_drop_in_attender_is_a_starter_never_a_completer():
    run, sessions = run_of("drop-in", 4)
    regular = EnrolmentFactory.create(run=run, status=S.ENROLLED, joined_at=START)
    take_registers(sessions, {regular: "PPPP"})

    enrolments_refresh_outcomes(run_id=run.pk)

    regular.refresh_from_db()
    assert regular.status == S.STARTED
