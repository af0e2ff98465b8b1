"""Coordinators, managers and partner-support workers reach what registers set in motion
through the navigation, in a real Chromium at tablet size."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from attendance.models import FollowUp, WalkIn
from attendance.services import MarkInput, register_submit
from attendance.walkins import walk_in_record
from programmes.enums import Delivery, OutputCategory
from programmes.services import partner_support_link_create
from scheduler.platform.roles import Role
from tests.attendance.factories import HELD
from tests.browser import check_page, sign_in
from tests.factories import EnrolmentFactory, SessionFactory, UserFactory

PASSWORD = "correct horse battery"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


PANEL_LINKS = {"Walk-ins": "Walk-ins to confirm", "Follow-ups": "Follow-ups after sessions",
               "Registers not taken": "Registers not taken",
               "Partner alerts": "Partner-support alerts",
               "Register revisions": "Register revisions"}


def nav(page, label):
    """These pages are reached from the home page's panels, as their users would."""
    with page.expect_navigation():
        page.get_by_role("link", name="Groupwork", exact=True).tap()
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("link", name=PANEL_LINKS[label]).first.tap()


def test_a_coordinator_confirms_a_walk_in_resolves_a_follow_up_and_sees_overdue_registers(
        tablet, live_server):
    fran = UserFactory.create(role=Role.FACILITATOR, username="fran")
    UserFactory.create(role=Role.COORDINATOR, username="cora")
    rolling = SessionFactory.create(starts_at=HELD, ends_at=HELD + dt.timedelta(hours=2),
                                    run__programme__delivery=Delivery.ROLLING,
                                    run__facilitators=[fran])
    walk_in_record(session=rolling, by=fran, known_as="Lee")
    sam = EnrolmentFactory.create(run=rolling.run, participant__known_as="Sam")
    register_submit(session=rolling, by=fran, marks=[MarkInput(sam.pk, "absent", "1")])
    ended = timezone.now() - dt.timedelta(days=3)
    SessionFactory.create(starts_at=ended, ends_at=ended + dt.timedelta(hours=2),
                          run__name="Forgotten group", run__facilitators=[fran])
    sign_in(tablet, live_server, "cora", PASSWORD)

    nav(tablet, "Walk-ins")
    check_page(tablet, touch=True)
    tablet.get_by_role("button", name="Confirm Lee").tap()
    tablet.get_by_text("Walk-in confirmed").wait_for()
    nav(tablet, "Follow-ups")
    check_page(tablet, touch=True)
    tablet.get_by_role("button", name="Resolve").first.tap()
    tablet.get_by_text("Follow-up resolved").wait_for()
    nav(tablet, "Registers not taken")
    tablet.get_by_text("Forgotten group").wait_for()
    check_page(tablet, touch=True)

    assert WalkIn.objects.get().status == "confirmed"
    assert FollowUp.objects.filter(resolved_at__isnull=False).count() == 1


def test_a_partner_support_worker_sees_a_missed_session(tablet, live_server):
    fran = UserFactory.create(role=Role.FACILITATOR, username="fran")
    worker = UserFactory.create(role=Role.FACILITATOR, username="pat")
    session = SessionFactory.create(starts_at=HELD, ends_at=HELD + dt.timedelta(hours=2),
                                    run__programme__output_category=OutputCategory.PERPETRATOR,
                                    run__facilitators=[fran])
    him = EnrolmentFactory.create(run=session.run, participant__known_as="Dave")
    partner_support_link_create(enrolment=him, worker=worker, by=fran)
    register_submit(session=session, by=fran, marks=[MarkInput(him.pk, "absent", "1")])
    sign_in(tablet, live_server, "pat", PASSWORD)

    nav(tablet, "Partner alerts")

    tablet.get_by_text("Missed a session").wait_for()
    assert "Dave" not in tablet.content()
    check_page(tablet, touch=True)


def test_a_manager_sees_revisions_and_a_facilitator_prints_the_sheet(tablet, live_server):
    fran = UserFactory.create(role=Role.FACILITATOR, username="fran")
    UserFactory.create(role=Role.MANAGER, username="mo")
    old = timezone.now() - dt.timedelta(days=30)
    session = SessionFactory.create(starts_at=old, ends_at=old + dt.timedelta(hours=2),
                                    run__facilitators=[fran], run__name="Autumn group")
    sam = EnrolmentFactory.create(run=session.run, participant__known_as="Sam")
    register_submit(session=session, by=fran, marks=[MarkInput(sam.pk, "present", "1")],
                    reason="Entered late from paper")
    sign_in(tablet, live_server, "mo", PASSWORD)

    nav(tablet, "Register revisions")
    tablet.get_by_text("Entered late from paper").wait_for()
    check_page(tablet, touch=True)
    tablet.get_by_role("button", name="Sign out").tap()
    tablet.wait_for_url("**/login/")
    sign_in(tablet, live_server, "fran", PASSWORD)
    tablet.goto(f"{live_server.url}/attendance/sessions/{session.pk}/register/")
    tablet.get_by_role("link", name="Print the sign-in sheet").tap()

    tablet.get_by_role("columnheader", name="Left early").wait_for()
    check_page(tablet, touch=True)
