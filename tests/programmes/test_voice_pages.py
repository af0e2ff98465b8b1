"""Feedback, next-step and complaints pages over HTTP: the tablet's screens, paper entry,
role scoping and field-level refusals."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from programmes.enums import EnrolmentStatus
from programmes.models import (
    CommentTheme,
    EnrolmentNextStep,
    Feedback,
    NamedFeedback,
    Referral,
    ServiceComment,
)
from programmes.services.feedback import ANONYMOUS_WITH_ID
from scheduler.platform.roles import Role
from tests.factories import LONDON, EnrolmentFactory, GroupRunFactory, ProgrammeTypeFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 14, tzinfo=LONDON)


def csrf_post(client, url, data):  # type: ignore[no-untyped-def]
    client.get("/")  # sets the CSRF cookie, as a browser would have it
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


@pytest.fixture
def world(make_user):  # type: ignore[no-untyped-def]
    fran = make_user(Role.FACILITATOR)
    run = GroupRunFactory.create(facilitators=[fran])
    sam = EnrolmentFactory.create(run=run, status=EnrolmentStatus.COMPLETED,
                                  participant__known_as="Sam")
    return fran, run, sam


def take(client, screen: str, **data):  # type: ignore[no-untyped-def]
    return csrf_post(client, "/programmes/feedback/take/", {"screen": screen, **data})


@time_machine.travel(NOW)
def test_the_tablet_takes_anonymous_feedback_screen_by_screen(browser_client_for, world):
    fran, run, sam = world
    client = browser_client_for(fran)

    handed = csrf_post(client, f"/programmes/enrolments/{sam.pk}/feedback/hand-over/", {})
    start = client.get("/programmes/feedback/take/")
    rating = take(client, "start", action="start")
    comment = take(client, "rating", action="answer", rating="4")
    name = take(client, "comment", action="answer", rating="4", comment="It helped me.")
    done = take(client, "name", action="finish", rating="4", comment="It helped me.",
                named="no")

    assert handed.url == "/programmes/feedback/take/"
    assert [p.status_code for p in (start, rating, comment, name, done)] == [200] * 5
    assert [p.content.decode().count("<fieldset") for p in (rating, comment, name)] == [1] * 3
    assert "Thank you" in done.content.decode()
    row = Feedback.objects.values("run_id", "rating", "comment", "mode", "received_on").get()
    assert row == {"run_id": run.pk, "rating": 4, "comment": "It helped me.", "mode": "tablet",
                   "received_on": NOW.date()}
    assert not NamedFeedback.objects.exists()
    assert client.get(f"/programmes/runs/{run.pk}/moving-on/").status_code == 302  # signed out


@time_machine.travel(NOW)
def test_on_the_tablet_she_may_choose_to_be_named_or_skip_everything(browser_client_for,
                                                                     world):
    fran, _, sam = world
    client = browser_client_for(fran)
    csrf_post(client, f"/programmes/enrolments/{sam.pk}/feedback/hand-over/", {})

    off_scale = take(client, "rating", action="answer", rating="9")
    take(client, "name", action="finish", rating="5", comment="", named="yes")

    assert off_scale.status_code == 400 and Feedback.objects.count() == 1
    assert NamedFeedback.objects.get().enrolment == sam
    client2 = browser_client_for(fran)
    csrf_post(client2, f"/programmes/enrolments/{sam.pk}/feedback/hand-over/", {})
    take(client2, "name", action="finish", rating="", comment="", named="no")
    assert Feedback.objects.count() == 1  # nothing said, nothing stored


@time_machine.travel(NOW)
@pytest.mark.parametrize("identity", ["enrolment", "participant_id"])
def test_a_paper_form_marked_anonymous_but_naming_her_is_refused(browser_client_for, world,
                                                                 identity):
    fran, run, sam = world
    value = sam.pk if identity == "enrolment" else sam.participant_id

    page = csrf_post(browser_client_for(fran), f"/programmes/runs/{run.pk}/feedback/paper/", {
        "received_on": "2026-11-19", "rating": "3", "anonymous": "on", identity: value})

    assert page.status_code == 400
    assert page.context["form"].errors == {"enrolment": [ANONYMOUS_WITH_ID]}
    assert not Feedback.objects.exists()


@time_machine.travel(NOW)
def test_another_facilitator_cannot_open_her_group_or_next_step(browser_client_for, make_user,
                                                                world):
    _, run, sam = world
    client = browser_client_for(make_user(Role.FACILITATOR))

    assert [client.get(url).status_code for url in (
        f"/programmes/runs/{run.pk}/moving-on/", f"/programmes/runs/{run.pk}/feedback/paper/",
        f"/programmes/next-steps/{sam.pk}/")] == [404, 404, 404]


def test_managers_open_no_feedback_or_complaints_page(browser_client_for, make_user, world):
    _, run, _ = world
    client = browser_client_for(make_user(Role.MANAGER))

    assert [client.get(url).status_code for url in (
        "/programmes/feedback/", f"/programmes/runs/{run.pk}/moving-on/",
        "/programmes/comments/", "/programmes/comments/new/")] == [403, 403, 403, 403]


@time_machine.travel(NOW)
def test_the_next_step_page_records_a_follow_on_referral(browser_client_for, world):
    fran, run, sam = world
    follow_on = ProgrammeTypeFactory.create(name="Moving on")

    page = csrf_post(browser_client_for(fran), f"/programmes/next-steps/{sam.pk}/",
                     {"step": "follow_on_group", "programme": follow_on.pk})

    assert page.status_code == 302
    step = EnrolmentNextStep.objects.get()
    assert step.follow_on_referral == Referral.objects.get(programme=follow_on)
    moving_on = browser_client_for(fran).get(f"/programmes/runs/{run.pk}/moving-on/")
    assert "Follow-on group" in moving_on.content.decode()


@time_machine.travel(NOW)
def test_coordinators_log_acknowledge_and_resolve_on_pages(browser_client_for, make_user):
    client = browser_client_for(make_user(Role.COORDINATOR))
    staff = CommentTheme.objects.get_or_create(name="Staff")[0]

    logged = csrf_post(client, "/programmes/comments/new/", {
        "kind": "compliment", "received_on": "2026-11-02", "channel": "email",
        "themes": [staff.pk], "summary": "Thank you to the facilitators"})
    comment = ServiceComment.objects.get()
    url = f"/programmes/comments/{comment.pk}/"
    backwards = csrf_post(client, url, {"action": "acknowledge", "acknowledged_on": "2026-11-01"})
    csrf_post(client, url, {"action": "acknowledge", "acknowledged_on": "2026-11-03"})
    resolved = csrf_post(client, url, {"action": "resolve", "resolved_on": "2026-11-04",
                                       "outcome": "passed_on"})
    listed = client.get("/programmes/comments/?status=resolved")

    assert (logged.status_code, backwards.status_code, resolved.status_code) == (302, 400, 302)
    assert backwards.context["ack_form"].errors == {
        "acknowledged_on": ["It cannot be acknowledged before it was received."]}
    comment.refresh_from_db()
    assert (comment.status, comment.outcome) == ("resolved", "passed_on")
    assert f"/programmes/comments/{comment.pk}/" in listed.content.decode()
