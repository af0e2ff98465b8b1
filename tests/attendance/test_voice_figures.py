"""Method of access, next steps, feedback and the complaints log counted by quarter, against
hand counts, with the return's small-number suppression; managers get counts only."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict

import pytest
import time_machine

from attendance.disclosure import suppress_breakdown, suppress_grid
from attendance.quarters import Quarter
from attendance.return_sections import sections_for
from attendance.voice_figures import voice_figures
from programmes.enums import (
    CommentChannel,
    CommentKind,
    CommentOutcome,
    EnrolmentStatus,
    MethodOfAccess,
    NextStep,
    ResponseMode,
)
from programmes.models import CommentTheme
from programmes.services.comments import comment_acknowledge, comment_log, comment_resolve
from programmes.services.feedback import feedback_record
from programmes.services.next_steps import next_step_record
from scheduler.platform.roles import Role
from tests.factories import LONDON, EnrolmentFactory, GroupRunFactory
from tests.programmes.factories import ReferralFactory

pytestmark = pytest.mark.django_db
Q3 = Quarter(2026, 3)  # October–December 2026
IN_Q3 = dt.datetime(2026, 11, 20, 15, tzinfo=LONDON)
IN_Q2 = dt.datetime(2026, 9, 20, 15, tzinfo=LONDON)
EXACT = 1  # a threshold of 1 hides nothing: the tables show the raw counts


def referrals(counts: dict[str, int], day: dt.date) -> None:
    for method, n in counts.items():
        ReferralFactory.create_batch(n, method_of_access=method, referred_on=day)


def test_method_of_access_is_counted_by_quarter_and_suppressed():
    referrals({"helpline": 6, "web": 5, "email": 2, "agency": 3}, dt.date(2026, 10, 9))
    referrals({"helpline": 1, "": 1}, dt.date(2026, 9, 30))  # the quarter before

    exact = voice_figures(quarter=Q3, threshold=EXACT).method_of_access
    published = voice_figures(quarter=Q3).method_of_access

    hand = [0, 5, 0, 6, 2, 3, 0, 0, 0]  # text web drop-in helpline email agency follow-on other —
    assert exact.labels[-1] == "Not recorded"
    assert (exact.values, exact.total) == ([str(n) for n in hand], "16")
    assert (published.values, published.total) == (["0", "5", "0", "6", "<5", "<5", "0", "0",
                                                     "0"], "16")
    assert (published.values, published.total) == suppress_breakdown(hand, threshold=5)


def finished(status: str, n: int):  # type: ignore[no-untyped-def]
    return EnrolmentFactory.create_batch(n, status=status)


def test_next_steps_are_counted_by_quarter():
    with time_machine.travel(IN_Q3):
        for e in finished(EnrolmentStatus.COMPLETED, 6):
            next_step_record(enrolment=e, step=NextStep.ONE_TO_ONE)
        for e in finished(EnrolmentStatus.COMPLETED, 5):
            next_step_record(enrolment=e, step=NextStep.SIGNPOSTED, detail="Counselling")
        for e in finished(EnrolmentStatus.WITHDRAWN, 1):
            next_step_record(enrolment=e, step=NextStep.NONE)
    with time_machine.travel(IN_Q2):
        for e in finished(EnrolmentStatus.COMPLETED, 2):
            next_step_record(enrolment=e, step=NextStep.NONE)

    exact = voice_figures(quarter=Q3, threshold=EXACT).next_steps
    published = voice_figures(quarter=Q3).next_steps

    hand = [0, 6, 0, 5, 1]  # follow-on group, one-to-one, aftercare, signposted, none
    assert exact.labels == [s.label for s in NextStep]
    assert (exact.values, exact.total) == ([str(n) for n in hand], "12")
    assert (published.values, published.total) == suppress_breakdown(hand, threshold=5)
    # the lone "none" would be 12 - 6 - 5: one of the others is hidden with it
    assert published.values[4] == "<5" and "*" in published.values and published.total == "12"


def voice_world() -> None:
    run = GroupRunFactory.create(programme__name="Freedom")
    with time_machine.travel(IN_Q3):
        for rating, n in {5: 6, 4: 5, 2: 1}.items():
            for _ in range(n):
                feedback_record(run=run, received_on=IN_Q3.date(), mode=ResponseMode.TABLET,
                                rating=rating, comment="Names and words stay out")
        feedback_record(run=run, received_on=IN_Q3.date(), mode=ResponseMode.PAPER,
                        comment="Only words")
        venue, staff = (CommentTheme.objects.get_or_create(name=n)[0]
                        for n in ("Venue or access", "Staff"))
        for i in range(6):
            c = comment_log(kind=CommentKind.COMPLAINT, received_on=dt.date(2026, 10, 1 + i),
                            channel=CommentChannel.PHONE, summary="Secret summary",
                            themes=[venue] if i else [venue, staff])
            if i < 4:
                c = comment_acknowledge(comment=c, acknowledged_on=dt.date(2026, 10, 10))
            if i < 2:
                comment_resolve(comment=c, resolved_on=dt.date(2026, 11, 1),
                                outcome=CommentOutcome.UPHELD)
        for _ in range(5):
            comment_log(kind=CommentKind.COMPLIMENT, received_on=dt.date(2026, 11, 2),
                        channel=CommentChannel.EMAIL, summary="Secret thanks", themes=[staff])


def test_feedback_and_the_complaints_log_are_counted_by_quarter():
    voice_world()

    v = voice_figures(quarter=Q3, threshold=EXACT)

    assert (v.feedback_ratings.row_labels, v.feedback_ratings.cells) == (
        ["Freedom"], [["0", "1", "0", "5", "6", "1"]])  # 1..5, then no rating
    assert (v.comments_by_status.cells, v.comments_by_status.row_totals) == (
        [["2", "2", "2"], ["5", "0", "0"]], ["6", "5"])  # awaiting, acknowledged, resolved
    assert (v.comments_by_theme.row_labels, v.comments_by_theme.cells) == (
        ["Staff", "Venue or access"], [["1", "5"], ["6", "0"]])
    assert (v.complaints_resolved.values, v.complaints_resolved.total) == (
        ["2", "0", "0", "0"], "2")


def test_published_voice_counts_hide_small_cells():
    voice_world()

    v = voice_figures(quarter=Q3)

    ratings = suppress_grid([[0, 1, 0, 5, 6, 1]], threshold=5)
    assert v.feedback_ratings.cells == ratings.cells
    assert v.feedback_ratings.cells[0][1] == "<5" and v.feedback_ratings.total == "13"
    assert v.complaints_resolved.values[0] == "<5"


def test_the_returns_sections_carry_access_next_steps_and_voice():
    referrals({"helpline": 6}, dt.date(2026, 10, 9))
    voice_world()

    sections = {s.title: s for s in sections_for(quarter=Q3, threshold=5)}

    access = sections["Method of access and next steps"].tables[0]
    assert (access.title, access.values[3], access.total) == (
        "Referrals received, by method of access", "6", "6")
    voice = sections["Service-user voice"].tables
    assert [t.title for t in voice] == ["End-of-programme feedback, by rating",
                                        "Complaints and compliments received",
                                        "Complaints resolved in the quarter, by outcome"]
    # two cells of "<5" beside a total of 13: the 5 is hidden too, or they could be solved
    assert (voice[0].values, voice[0].total, voice[1].values) == (
        ["0", "<5", "0", "*", "6", "<5"], "13", ["6", "5"])


def test_voice_figures_read_in_a_fixed_number_of_queries(django_assert_max_num_queries):
    voice_world()

    with django_assert_max_num_queries(6):
        voice_figures(quarter=Q3)


def test_managers_read_voice_counts_and_never_what_was_said(client_for, make_user):
    voice_world()
    referrals({MethodOfAccess.WEB: 5}, dt.date(2026, 12, 1))

    manager = client_for(make_user(Role.MANAGER)).get("/api/reports/voice?year=2026&quarter=3")
    facilitator = client_for(make_user(Role.FACILITATOR)).get(
        "/api/reports/voice?year=2026&quarter=3")

    assert (manager.status_code, facilitator.status_code) == (200, 403)
    body = manager.json()
    assert body["method_of_access"] == asdict(voice_figures(quarter=Q3).method_of_access)
    assert not {"Secret", "Names", "words"} & set(manager.content.decode().replace('"', " ")
                                                  .split())


def test_the_outcomes_page_shows_voice_counts_to_a_manager(browser_client_for, make_user):
    voice_world()

    page = browser_client_for(make_user(Role.MANAGER)).get(
        "/attendance/reports/outcomes/?year=2026&quarter=3")

    text = page.content.decode()
    assert page.status_code == 200
    assert "Complaints and compliments received, by theme" in text
    assert "Venue or access" in text and "Secret" not in text and "words" not in text
