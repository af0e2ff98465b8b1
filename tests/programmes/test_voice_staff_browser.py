"""Staff pages for service-user voice in a real browser (768×1024): the complaints and
compliments log through its lifecycle, a paper feedback form, a next step, and the
manager's outcomes page with its counts."""

from __future__ import annotations

import pytest

from programmes.enums import EnrolmentStatus
from programmes.models import CommentTheme, EnrolmentNextStep, Feedback, ServiceComment
from scheduler.platform.roles import Role
from tests.browser import check_page, sign_in
from tests.factories import EnrolmentFactory, GroupRunFactory, ProgrammeTypeFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


def test_a_coordinator_moves_a_complaint_through_its_lifecycle(tablet, live_server):
    UserFactory.create(role=Role.COORDINATOR, username="cora")
    CommentTheme.objects.get_or_create(name="Waiting time")  # a flushed database has none
    page = tablet
    sign_in(page, live_server, "cora", PASSWORD)

    page.click("nav >> text=Complaints")
    check_page(page, touch=True)
    page.click("text=Log a complaint or compliment")
    check_page(page, touch=True)
    page.check("input[name='kind'][value='complaint']")
    page.fill("input[name='received_on']", "2026-01-05")
    page.select_option("select[name='channel']", "phone")
    page.locator("label", has_text="Waiting time").click()
    page.fill("textarea[name='summary']", "Waited too long for a place.")
    page.click("button:has-text('Log it')")
    check_page(page, touch=True)
    page.fill("input[name='acknowledged_on']", "2026-01-04")  # before it was received
    page.click("button:has-text('Record acknowledgement')")
    assert "cannot be acknowledged before it was received" in page.inner_text("main")
    check_page(page, touch=True)
    page.fill("input[name='acknowledged_on']", "2026-01-06")
    page.click("button:has-text('Record acknowledgement')")
    page.fill("input[name='resolved_on']", "2026-01-20")
    page.select_option("select[name='outcome']", "upheld")
    page.click("button:has-text('Record resolution')")
    check_page(page, touch=True)

    comment = ServiceComment.objects.get()
    assert (comment.status, comment.outcome) == ("resolved", "upheld")


def test_a_facilitator_enters_paper_feedback_and_a_next_step(tablet, live_server):
    fran = UserFactory.create(role=Role.FACILITATOR, username="fran")
    run = GroupRunFactory.create(facilitators=[fran], name="Tuesday group")
    sam = EnrolmentFactory.create(run=run, status=EnrolmentStatus.COMPLETED,
                                  participant__known_as="Sam")
    ProgrammeTypeFactory.create(name="Moving on group")
    page = tablet
    sign_in(page, live_server, "fran", PASSWORD)

    page.goto(f"{live_server.url}/programmes/runs/{run.pk}/moving-on/")
    page.click("text=Enter a paper feedback form")
    check_page(page, touch=True)
    page.select_option("select[name='rating']", "5")
    page.fill("textarea[name='comment']", "Lovely group")
    page.click("button:has-text('Save feedback')")
    page.wait_for_url(f"{live_server.url}/programmes/runs/{run.pk}/moving-on/")
    page.click("text=Record next step")
    check_page(page, touch=True)
    page.check("input[name='step'][value='follow_on_group']")
    page.locator("select[name='programme']").select_option(label="Moving on group")
    page.click("button:has-text('Record next step')")
    page.wait_for_url(f"{live_server.url}/programmes/runs/{run.pk}/moving-on/")
    check_page(page, touch=True)

    assert Feedback.objects.get().rating == 5
    referral = EnrolmentNextStep.objects.get(enrolment=sam).follow_on_referral
    assert referral is not None and referral.programme.name == "Moving on group"


def test_a_manager_reads_voice_counts_on_the_outcomes_page(tablet, live_server):
    UserFactory.create(role=Role.MANAGER, username="mo")
    page = tablet
    sign_in(page, live_server, "mo", PASSWORD)

    page.click("nav >> text=Outcomes")
    check_page(page, touch=True)

    assert "Referrals received, by method of access" in page.inner_text("main")
    assert "Complaints" not in [a.inner_text() for a in page.locator("nav a").all()]
