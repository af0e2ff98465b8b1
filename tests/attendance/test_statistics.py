import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attendance.models import MarkStatus
from attendance.quarters import Quarter
from attendance.reports import characteristics, equality_tables, published_report
from attendance.statistics import (
    CONFIDENTIAL_VENUE,
    Person,
    Profile,
    completers_in,
    quarterly_figures,
    starters_in,
)
from programmes.enums import Delivery, OutputCategory
from scheduler.calendar.enums import SessionStatus
from tests.attendance.factories import MarkFactory, RegisterFactory
from tests.factories import (
    LONDON,
    DemographicsFactory,
    EnrolmentFactory,
    GroupRunFactory,
    ProgrammeTypeFactory,
    SessionFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

Q3 = Quarter(2026, 3)  # October – December 2026
NOW = dt.datetime(2027, 1, 10, 12, 0, tzinfo=LONDON)


def at(month, day, year=2026):
    return dt.datetime(year, month, day, 10, 0, tzinfo=LONDON)


def sessions_on(run, *days, **kwargs):
    return [SessionFactory.create(run=run, number=i + 1, starts_at=day,
                                  ends_at=day + dt.timedelta(hours=2), **kwargs)
            for i, day in enumerate(days)]


def attend(enrolment, sessions, status=MarkStatus.PRESENT):
    for session in sessions:
        if not hasattr(session, "register"):
            RegisterFactory.create(session=session)
        MarkFactory.create(session=session, enrolment=enrolment, status=status)


@pytest.fixture
def cohort():
    """4 weekly sessions across Q2/Q3; 75 % completes. Early starts in Q2, late in Q3."""
    run = GroupRunFactory.create(programme__completion_min_percent=75)
    sessions = sessions_on(run, at(9, 29), at(10, 6), at(10, 13), at(10, 20))
    early = EnrolmentFactory.create(run=run, joined_at=at(9, 1))
    late = EnrolmentFactory.create(run=run, joined_at=at(9, 1))
    attend(early, sessions)
    attend(late, sessions[1:])
    return run, sessions, early, late


@given(st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_quarter_of_contains_the_day(day):
    quarter = Quarter.of(day)

    assert quarter.first_day <= day <= quarter.last_day


def test_quarter_labels_follow_the_financial_year():
    assert [Quarter.of(dt.date(2027, 2, 1)).label, Quarter.of(dt.date(2026, 4, 1)).label,
            Quarter(2026, 3).first_day.isoformat(), Quarter(2026, 4).last_day.isoformat()] == [
        "2026/27 Q4", "2026/27 Q1", "2026-10-01", "2027-03-31"]


def test_starters_in_counts_first_attendance_in_the_quarter(cohort):
    _, sessions, early, late = cohort

    assert starters_in(Q3) == {late.pk: sessions[1].starts_at}


def test_completers_in_dates_completion_at_the_session_that_met_the_rule(cohort):
    _, sessions, early, late = cohort

    assert completers_in(Q3) == {early.pk: sessions[2].starts_at,
                                 late.pk: sessions[3].starts_at}


def test_completers_in_excludes_an_override_to_not_completed(cohort):
    _, sessions, early, late = cohort
    early.completion_override = False
    early.save()

    assert list(completers_in(Q3)) == [late.pk]


def test_quarterly_figures_count_groups_started_and_completed(cohort):
    later_run = GroupRunFactory.create(programme__output_category=OutputCategory.FREEDOM,
                                       programme__delivery=Delivery.ROLLING)
    sessions_on(later_run, at(11, 3), at(1, 12, 2027))
    cancelled_last = GroupRunFactory.create()
    sessions_on(cancelled_last, at(8, 1), at(8, 8))
    sessions_on(cancelled_last, at(10, 8), status=SessionStatus.CANCELLED)

    figures = quarterly_figures(quarter=Q3, now=NOW)

    assert dict(figures.groups_started) == {OutputCategory.FREEDOM: 1}
    assert dict(figures.groups_completed) == {OutputCategory.RECOVERY_TOOLKIT: 1}


def test_quarterly_figures_never_name_a_confidential_training_venue():
    training = ProgrammeTypeFactory.create(output_category=OutputCategory.TRAINING,
                                           delivery=Delivery.ONE_OFF)
    school = GroupRunFactory.create(programme=training, room__venue__name="Hill School")
    refuge = GroupRunFactory.create(programme=training,
                                    room__venue=VenueFactory.create(name="Refuge Rd",
                                                                    is_confidential=True))
    sessions_on(school, at(10, 2), at(10, 9))
    sessions_on(refuge, at(11, 2))
    sessions_on(school, at(12, 2), status=SessionStatus.CANCELLED)

    figures = quarterly_figures(quarter=Q3, now=NOW)

    assert dict(figures.training_venues) == {"Hill School": 2, CONFIDENTIAL_VENUE: 1}


def test_quarterly_figures_count_drop_in_attendances_and_community_events():
    drop_in = GroupRunFactory.create(programme__output_category=OutputCategory.DROP_IN,
                                     programme__delivery=Delivery.DROP_IN)
    event = GroupRunFactory.create(programme__output_category=OutputCategory.COMMUNITY_EVENT,
                                   programme__delivery=Delivery.ONE_OFF)
    sessions = sessions_on(drop_in, at(10, 1), at(10, 8))
    sessions_on(event, at(11, 5))
    for session in sessions:
        for status in ("present", "late", "absent"):
            attend(EnrolmentFactory.create(run=drop_in), [session], status)

    figures = quarterly_figures(quarter=Q3, now=NOW)

    assert (figures.drop_in_attendances, figures.community_events) == (4, 1)


def test_published_report_suppresses_small_counts_of_people(cohort):
    _, _, early, late = cohort
    # Both give the Black group; one prefers not to give the background: both count in it.
    for enrolment, background in ((early, "black_african"), (late, "prefer_not")):
        DemographicsFactory.create(participant=enrolment.participant, sex="female",
                                   ethnic_group="black", ethnicity=background,
                                   locality="Rutland", date_of_birth=dt.date(2000, 1, 1))

    report = published_report(quarterly_figures(quarter=Q3, now=NOW), threshold=5)

    ethnic = next(t for t in report.completers_equality if t.title == "Ethnic group")
    assert ethnic.values[ethnic.labels.index("Black, Black British, Caribbean or African")] \
        == "<5"
    assert ethnic.values[ethnic.labels.index("Prefer not to say")] == "0"
    assert ethnic.total == "<5"
    assert {f.label: f.value for f in report.headlines}["People completing groups"] == "<5"
    assert report.completers_by_locality.row_labels == ["Rutland", "Not recorded"]


def test_published_report_shows_counts_at_or_above_the_threshold(cohort):
    run, sessions, _, _ = cohort
    for _ in range(3):
        attend(EnrolmentFactory.create(run=run, joined_at=at(9, 1)), sessions[1:])

    report = published_report(quarterly_figures(quarter=Q3, now=NOW), threshold=5)

    assert {f.label: f.value for f in report.headlines}["People completing groups"] == "5"
    ages = next(t for t in report.completers_equality if t.title == "Age at start")
    assert ages.values[ages.labels.index("Not recorded")] == "5"


def _profile(participant_id, born, sex="female", locality="Melton"):
    answers = dict.fromkeys(Profile._fields[3:-1], "not_asked")
    return Profile(participant_id=participant_id, date_of_birth=born, sex=sex,
                   locality=locality, **answers)


def test_equality_tables_count_people_alike_once_each_and_by_their_own_age():
    """Answers are worked out once per set of answers and age (`Profile.answers_on`): two
    women with the same answers, one a day short of 26 at her start, fall in two age bands;
    a man alike in all else is counted apart; a person with no demographics is not recorded."""
    start = dt.date(2026, 10, 6)
    people = [Person("freedom", start, _profile(1, dt.date(2000, 10, 7))),   # 25
              Person("freedom", start, _profile(2, dt.date(2000, 10, 6))),   # 26 that day
              Person("freedom", start, _profile(3, dt.date(2000, 10, 7))),   # 25, as the first
              Person("freedom", start, _profile(4, dt.date(2000, 10, 7), sex="male")),
              Person("freedom", start, None)]
    memo: dict = {}
    tables = {t.title: dict(zip(t.labels, t.values, strict=True))
              for t in equality_tables(people, characteristics(), 2, memo)}
    assert (tables["Age at start"]["16–25"], tables["Age at start"]["26–35"],
            tables["Age at start"]["Not recorded"]) == ("3", "<2", "<2")
    assert (tables["Sex"]["Female"], tables["Sex"]["Male"]) == ("3", "<2")
    assert len(memo) == 4  # the two women alike share one entry


def test_profiles_are_read_with_the_date_of_birth_decrypted_and_the_localitys_name(cohort):
    _run, _sessions, early, late = cohort
    DemographicsFactory.create(participant=late.participant, date_of_birth=dt.date(1990, 5, 1),
                               sex="female", locality="Rutland")
    figures = quarterly_figures(quarter=Q3, now=NOW)
    (starter,) = figures.starters  # late: early started in September
    assert starter.demographics == _profile(late.participant_id, dt.date(1990, 5, 1),
                                            locality="Rutland")
    assert starter.start == dt.date(2026, 10, 6)
    completers = {p.start: p.demographics for p in figures.completers}  # both complete
    assert completers == {dt.date(2026, 9, 29): None, dt.date(2026, 10, 6): starter.demographics}
