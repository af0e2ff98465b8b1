"""The crèche in a real Chromium at 768×1024 (touch): adding a child and collectors, signing in
and out, and a never-collect adult refused, recorded and shown to the coordinator."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from creche.models import (
    Attendance,
    AuthorisedCollector,
    Child,
    CollectionIncident,
    CrecheBooking,
)
from scheduler.platform.roles import Role
from tests.browser import check_page, sign_in
from tests.creche.factories import (
    AuthorisedCollectorFactory,
    ChildFactory,
    CrecheBookingFactory,
    CrecheSessionFactory,
    NeverCollectFactory,
    StaffOnDutyFactory,
    StaffQualificationFactory,
)
from tests.factories import ParticipantFactory, SessionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


def todays_creche():  # type: ignore[no-untyped-def]
    """A crèche running now (starting at least a minute after midnight today)."""
    now = timezone.localtime()
    starts = max(now - dt.timedelta(minutes=30), now.replace(hour=0, minute=1, second=0))
    return CrecheSessionFactory.create(starts_at=starts, ends_at=starts + dt.timedelta(hours=3))


def test_a_coordinator_adds_a_child_and_who_may_collect(tablet, live_server):
    UserFactory.create(username="cora", role=Role.COORDINATOR)
    parent = ParticipantFactory.create(known_as="Alex Parent")
    sign_in(tablet, live_server, "cora", PASSWORD)

    tablet.click("nav >> text=Crèche")
    check_page(tablet, touch=True)
    tablet.click("text=Children and who may collect them")
    tablet.fill("#id_q", "Alex")
    tablet.click("button:has-text('Search')")
    check_page(tablet, touch=True)
    tablet.click(f"text={parent.reference}")
    tablet.fill("#id_known_as", "Mia")
    tablet.fill("#id_date_of_birth", "2023-05-01")
    tablet.fill("#id_allergies", "Peanuts")
    check_page(tablet, touch=True)
    tablet.click("button:has-text('Add child')")
    tablet.wait_for_selector("text=Now add who may collect them")
    tablet.fill("#id_collector-name", "Jo Smith")
    tablet.fill("#id_collector-relationship", "Aunt")
    tablet.fill("#id_collector-check_question", "First pet?")
    tablet.fill("#id_collector-password", "Rex")
    tablet.fill("#id_collector-description", "Tall, red coat")
    tablet.click("button:has-text('Add collector')")
    tablet.wait_for_selector("text=Remove Jo Smith")
    tablet.fill("#id_never-name", "Jo Smith")
    tablet.fill("#id_never-description", "Should be refused: Jo is a collector")
    tablet.click("button:has-text('Add never-collect entry')")
    tablet.wait_for_selector("text=Remove them from the collectors first")
    check_page(tablet, touch=True)

    child = Child.objects.get()
    assert (child.parent, child.known_as, child.allergies) == (parent, "Mia", "Peanuts")
    assert list(AuthorisedCollector.objects.values_list("name", "check_question")) == [
        ("Jo Smith", "First pet?")]
    assert not child.never_collect.exists()


def arranged_tablet():  # type: ignore[no-untyped-def]
    creche = todays_creche()
    first_aider = StaffQualificationFactory.create(user__username="fay").user
    StaffOnDutyFactory.create(creche_session=creche, user=first_aider)
    UserFactory.create(username="wes", role=Role.CRECHE_WORKER)
    booking = CrecheBookingFactory.create(creche_session=creche, child__known_as="Mia")
    AuthorisedCollectorFactory.create(child=booking.child, name="Jo Smith", relationship="Aunt")
    NeverCollectFactory.create(child=booking.child, name="Dan Example",
                               description="Tall man, shaved head, court order")
    return creche, booking


def open_tablet(page, live_server) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, live_server, "wes", PASSWORD)
    page.click("nav >> text=Crèche")
    page.click("text=Open crèche register")
    page.click("button:has-text('Sign me on')")
    page.wait_for_selector("text=You are signed on.")


def test_a_creche_worker_signs_a_child_in_and_out(tablet, live_server):
    _, booking = arranged_tablet()
    open_tablet(tablet, live_server)

    tablet.click(f"#booking-{booking.pk} button:has-text('Sign in')")
    tablet.wait_for_selector("text=Mia is signed in.")
    assert tablet.is_visible("text=Tall man, shaved head, court order")
    check_page(tablet, touch=True)
    tablet.select_option(f"#booking-{booking.pk} select", "Jo Smith")
    tablet.click(f"#booking-{booking.pk} button:has-text('Sign out')")
    tablet.wait_for_selector("text=Mia is signed out.")
    check_page(tablet, touch=True)

    attendance = Attendance.objects.get()
    assert attendance.signed_out_by is not None
    assert (attendance.collected_by, attendance.signed_out_by.username) == ("Jo Smith", "wes")


def test_a_never_collect_adult_is_refused_and_the_coordinator_alerted(tablet, live_server):
    _, booking = arranged_tablet()
    UserFactory.create(username="cora", role=Role.COORDINATOR)
    open_tablet(tablet, live_server)
    tablet.click(f"#booking-{booking.pk} button:has-text('Sign in')")
    tablet.wait_for_selector("text=Mia is signed in.")

    tablet.fill(f"#booking-{booking.pk} input[name=someone_else]", "dan  EXAMPLE")
    tablet.click(f"#booking-{booking.pk} button:has-text('Sign out')")
    tablet.wait_for_selector("text=This adult must not collect this child")
    assert tablet.is_visible("text=the coordinator has been alerted")
    check_page(tablet, touch=True)
    tablet.context.clear_cookies()
    sign_in(tablet, live_server, "cora", PASSWORD)
    tablet.click("nav >> text=Crèche")
    tablet.click("text=1 refused collection not yet acknowledged")
    tablet.wait_for_selector("button:has-text('Acknowledge')")
    check_page(tablet, touch=True)
    assert tablet.is_visible("text=dan  EXAMPLE") or tablet.is_visible("text=dan EXAMPLE")
    tablet.click("button:has-text('Acknowledge')")
    tablet.wait_for_selector("text=Incident acknowledged.")

    incident = CollectionIncident.objects.get()
    assert incident.acknowledged_by is not None and incident.acknowledged_by.username == "cora"
    assert Attendance.objects.get().signed_out_at is None


def test_a_coordinator_books_parent_and_child_in_one_step(tablet, live_server):
    UserFactory.create(username="cora", role=Role.COORDINATOR)
    child = ChildFactory.create(known_as="Mia", parent__known_as="Alex Parent")
    creche = todays_creche()
    later = creche.starts_at + dt.timedelta(days=7)
    session = SessionFactory.create(starts_at=later, ends_at=later + dt.timedelta(hours=2))
    creche.session = SessionFactory.create(run=session.run, starts_at=creche.starts_at,
                                           ends_at=creche.ends_at)
    creche.save()
    CrecheSessionFactory.create(session=session, starts_at=later,
                                ends_at=later + dt.timedelta(hours=2), capacity=4)
    sign_in(tablet, live_server, "cora", PASSWORD)

    tablet.goto(f"{live_server.url}/creche/children/?q=Alex")
    tablet.click(f"text={child.parent.reference}")
    tablet.click("text=Book a group place and crèche in one step")
    tablet.select_option("#id_run", str(session.run_id))
    tablet.check(f"text=Mia ({child.reference})")
    check_page(tablet, touch=True)
    tablet.click("button:has-text('Book parent and children')")
    tablet.wait_for_selector("text=Crèche dates booked")
    check_page(tablet, touch=True)

    assert child.parent.enrolments.get().run_id == session.run_id
    assert CrecheBooking.objects.filter(child=child).count() == 2
