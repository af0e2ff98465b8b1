"""Outcome figures against hand counts on a small world, with the return's suppression."""

import datetime as dt

import pytest

from attendance.disclosure import suppress_grid
from attendance.outcome_measures import (
    distance_travelled_tables,
    improvement_tables,
    questionnaire_completion_table,
)
from attendance.quarters import Quarter
from programmes.enums import MeasurePoint
from programmes.services import measures
from scheduler.platform.roles import Role
from tests.attendance.factories import MarkFactory, RegisterFactory
from tests.factories import LONDON, EnrolmentFactory, GroupRunFactory, SessionFactory
from tests.programmes.factories import safer_questionnaire

pytestmark = pytest.mark.django_db
Q3 = Quarter(2026, 3)
NOW = dt.datetime(2027, 1, 10, 12, tzinfo=LONDON)
OCTOBER = [dt.datetime(2026, 10, d, 10, tzinfo=LONDON) for d in (6, 13, 20, 27)]


def programme_run(name, questionnaire=None):
    run = GroupRunFactory.create(programme__name=name, programme__completion_min_percent=75,
                                 programme__slug=name.lower().replace(" ", "-"))
    sessions = [SessionFactory.create(run=run, number=i + 1, starts_at=t,
                                      ends_at=t + dt.timedelta(hours=2))
                for i, t in enumerate(OCTOBER)]
    for s in sessions:
        RegisterFactory.create(session=s)
    if questionnaire is None:
        questionnaire = safer_questionnaire(run.programme, MeasurePoint.INTAKE, MeasurePoint.EXIT,
                                            name="Safety")
    else:
        for point in (MeasurePoint.INTAKE, MeasurePoint.EXIT):
            measures.questionnaire_attach(programme=run.programme, questionnaire=questionnaire,
                                          point=point)
    return run, sessions, questionnaire


def person(world, safer, afraid=None, attends=4):
    """One participant: attends `attends` sessions; answers "I feel safer" at intake and exit
    as the pair `safer` (None: no exit questionnaire), optionally "I feel afraid"."""
    run, sessions, questionnaire = world
    enrolment = EnrolmentFactory.create(run=run, joined_at=dt.datetime(2026, 10, 1, tzinfo=LONDON))
    for s in sessions[:attends]:
        MarkFactory.create(session=s, enrolment=enrolment)
    q_safer, q_afraid, _ = questionnaire.questions.all()
    points = [MeasurePoint.INTAKE] + ([MeasurePoint.EXIT] if safer[1] is not None else [])
    for i, point in enumerate(points):
        answers = {q_safer.pk: safer[i]}
        if afraid:
            answers[q_afraid.pk] = afraid[i]
        measures.response_record_paper(enrolment=enrolment, questionnaire=questionnaire,
                                       point=point, answers=answers, by=None)
    return enrolment


@pytest.fixture
def world():
    """Recovery Toolkit: 11 completers, 6 feel safer at exit, 3 the same, 2 less safe; 1 more
    completer took no exit questionnaire; 1 attended once (not a completer).
    Freedom: 2 completers, 1 safer, 1 the same."""
    recovery = programme_run("Recovery")
    for pair in [(1, 3)] * 4 + [(2, 5), (2, 4)] + [(3, 3)] * 3 + [(4, 2), (3, 2)]:
        person(recovery, safer=pair)
    person(recovery, safer=(2, None))
    person(recovery, safer=(1, 5), attends=1)
    freedom = programme_run("Freedom", recovery[2])
    person(freedom, safer=(2, 4), afraid=(4, 2))
    person(freedom, safer=(3, 3), afraid=(5, 5))


def test_share_of_completers_improved_matches_hand_counts_and_is_suppressed(world):
    tables = {t.title: t for t in improvement_tables(quarter=Q3, now=NOW)}
    safer = tables["I feel safer (Safety): completers whose exit answer improved on intake"]

    hand = [[1, 1], [6, 5]]  # Freedom, Recovery: improved, no better
    expected = suppress_grid(hand, threshold=5)
    assert safer.row_labels == ["Freedom", "Recovery"]
    assert [row[:2] for row in safer.cells] == expected.cells
    assert safer.row_totals == expected.row_totals
    assert safer.total == "13"
    assert safer.cells[0] == ["–", "–", "–"]  # 1 of 2: withheld, never published as a share


def test_a_measure_where_lower_is_better_counts_a_fall_as_improvement(world):
    afraid = next(t for t in improvement_tables(quarter=Q3, now=NOW)
                  if t.title.startswith("I feel afraid"))

    assert afraid.row_labels == ["Freedom"]
    assert afraid.cells == [["–", "–", "–"]]  # 1 improved (4 → 2), 1 the same: withheld


def test_shares_are_published_where_both_counts_are(settings, world):
    safer = next(t for t in improvement_tables(quarter=Q3, now=NOW, threshold=1)
                 if t.title.startswith("I feel safer"))

    assert safer.cells == [["1", "1", "50%"], ["6", "5", "55%"]]
    assert safer.column_totals == ["7", "6", "54%"]


def test_distance_travelled_is_the_mean_change_with_counts(world):
    safer = next(t for t in distance_travelled_tables(quarter=Q3, now=NOW)
                 if t.title.startswith("I feel safer"))

    # Recovery by hand: intake 4×1+2+2+3×3+4+3 = 24 → 2.2; exit 4×3+5+4+3×3+2+2 = 34 → 3.1;
    # change 34-24 = 10 / 11 → +0.9. Freedom: 2 people, fewer than 5: no mean published.
    assert safer.row_labels == ["Freedom", "Recovery"]
    assert safer.cells == [["–", "–", "–"], ["2.2", "3.1", "+0.9"]]
    assert safer.row_totals == ["<5", "*"]  # 11 would give away the 2 (13 is published)
    # Everyone (13 people): intake 24+2+3 = 29 → 2.2, exit 34+4+3 = 41 → 3.2, change 12 → +0.9.
    assert safer.column_totals == ["2.2", "3.2", "+0.9"]
    assert safer.total == "13"


def test_questionnaire_completion_counts_due_taken_and_declined(world):
    table = questionnaire_completion_table(quarter=Q3, now=NOW)

    # Recovery: 13 intakes due and taken; 13 exits due, 11 taken (the completer without an
    # exit and the one who attended once have not taken it). Freedom: 2 and 2.
    hand = [[2, 0, 0], [2, 0, 0], [11, 0, 2], [13, 0, 0]]
    assert table.row_labels == ["Freedom · Safety (exit)", "Freedom · Safety (intake)",
                                "Recovery · Safety (exit)", "Recovery · Safety (intake)"]
    assert table.cells == suppress_grid(hand, threshold=5).cells


def test_managers_read_the_outcome_tables_over_the_api_and_the_page(client_for,
                                                                    browser_client_for,
                                                                    make_user, world):
    manager = make_user(Role.MANAGER)

    api = client_for(manager).get("/api/reports/outcomes?year=2026&quarter=3")
    page = browser_client_for(manager).get("/attendance/reports/outcomes/?year=2026&quarter=3")

    assert api.status_code == 200
    safer = next(t for t in api.json()["improvement"] if t["title"].startswith("I feel safer"))
    assert safer["row_labels"] == ["Freedom", "Recovery"]
    assert page.status_code == 200
    assert "completers whose exit answer improved on intake" in page.content.decode()


def test_a_facilitator_may_not_read_outcome_figures(client_for, make_user):
    assert client_for(make_user(Role.FACILITATOR)).get(
        "/api/reports/outcomes?year=2026&quarter=3").status_code == 403
