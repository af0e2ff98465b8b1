"""A facilitator takes registers in a real Chromium at tablet size, on good and bad Wi-Fi."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from attendance.models import Mark, MarkRevision
from programmes.enums import Delivery
from scheduler.platform.roles import Role
from tests.attendance.factories import started_today_session
from tests.browser import check_page, sign_in
from tests.factories import EnrolmentFactory, SessionFactory, UserFactory

PASSWORD = "correct horse battery"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def arranged():
    facilitator = UserFactory.create(role=Role.FACILITATOR, username="fran")
    session = started_today_session(facilitator)
    sam = EnrolmentFactory.create(run=session.run, participant__known_as="Sam")
    kim = EnrolmentFactory.create(run=session.run, participant__known_as="Kim")
    return session, sam, kim


def marks():
    return dict(Mark.objects.values_list("enrolment_id", "status"))


def open_register(page, live_server, session):
    """Sign in, then reach the register through My sessions, as a facilitator would."""
    sign_in(page, live_server, "fran", PASSWORD)
    page.get_by_role("link", name="My sessions").first.tap()
    page.get_by_role("link", name="Take register").first.tap()
    page.wait_for_url(f"**/attendance/sessions/{session.pk}/register/")


def choose(page, person, status):
    page.get_by_role("group", name=person).get_by_text(status, exact=True).tap()


def send_kims_apology_over_a_reset_connection(page, session):
    """Mark Kim and Save while the browser thinks it is online but every request to the
    register API (the page's and the service worker's) is reset; the tap stays queued. The
    connection is then given back."""
    api = f"**/api/sessions/{session.pk}/register"
    page.context.route(api, lambda route: route.abort("connectionreset"))
    choose(page, "Kim", "Apology")
    page.get_by_role("button", name="Save register").tap()
    page.get_by_role("button", name="Save register").wait_for()
    page.get_by_text("1 mark waiting to send").wait_for()
    assert marks() == {}
    page.context.unroute(api)


def test_a_partial_register_is_saved_as_people_arrive(tablet, live_server, arranged):
    session, sam, kim = arranged
    open_register(tablet, live_server, session)
    check_page(tablet, touch=True)

    choose(tablet, "Sam", "Present")
    tablet.get_by_role("button", name="Save register").tap()

    tablet.get_by_text("All saved").wait_for()
    assert marks() == {sam.pk: "present"}


def test_mark_all_present_then_change_the_exceptions(tablet, live_server, arranged):
    session, sam, kim = arranged
    open_register(tablet, live_server, session)

    tablet.get_by_role("button", name="Mark all present").tap()
    choose(tablet, "Kim", "Left early")
    tablet.get_by_role("button", name="Save register").tap()

    tablet.get_by_text("All saved").wait_for()
    assert marks() == {sam.pk: "present", kim.pk: "left_early"}


def test_a_register_opens_and_is_marked_with_no_signal_then_syncs(tablet, live_server,
                                                                  arranged):
    session, sam, kim = arranged
    open_register(tablet, live_server, session)
    tablet.wait_for_selector("html[data-offline-ready]", state="attached")

    tablet.context.set_offline(True)
    choose(tablet, "Sam", "Late")
    tablet.get_by_text("1 mark waiting to send").wait_for()
    reloaded = tablet.reload()
    assert reloaded is not None and reloaded.from_service_worker
    tablet.get_by_text("1 mark waiting to send").wait_for()
    assert tablet.get_by_role("group", name="Sam").get_by_label("Late").is_checked()
    assert marks() == {}

    tablet.context.set_offline(False)
    tablet.get_by_text("All saved").wait_for()
    assert marks() == {sam.pk: "late"}


def test_a_connection_reset_while_online_loses_no_tap(tablet, live_server, arranged):
    session, sam, kim = arranged
    open_register(tablet, live_server, session)
    send_kims_apology_over_a_reset_connection(tablet, session)
    tablet.get_by_role("button", name="Save register").tap()
    tablet.get_by_text("All saved").wait_for()
    assert marks() == {kim.pk: "excused"}


def test_taps_sent_by_the_service_worker_still_show_as_saved(tablet, live_server, arranged):
    """The service worker's background sync (or another tab) may send the queue first; the
    page's next Save then finds nothing to send and must still say the register is saved."""
    session, sam, kim = arranged
    open_register(tablet, live_server, session)
    send_kims_apology_over_a_reset_connection(tablet, session)

    # What the service worker's sync handler does, run outside the page's own sync loop.
    outcome = tablet.evaluate("""async () => {
        const Q = GroupworkQueue;
        const meta = await Promise.all([Q.recall("csrf"), Q.recall("user")]);
        return (await Q.sync({csrf: meta[0], userId: meta[1]})).outcome;
    }""")
    assert outcome == "sent"
    assert marks() == {kim.pk: "excused"}

    tablet.get_by_role("button", name="Save register").tap()
    tablet.get_by_text("All saved").wait_for()


def test_signing_out_wipes_the_queue_and_the_kept_pages(tablet, live_server, arranged):
    session, sam, kim = arranged
    open_register(tablet, live_server, session)
    tablet.wait_for_selector("html[data-offline-ready]", state="attached")

    tablet.get_by_role("button", name="Sign out").tap()
    tablet.wait_for_url("**/login/")

    assert tablet.evaluate("async () => (await caches.keys()).length") == 0
    assert tablet.evaluate(
        "async () => (await indexedDB.databases()).map(d => d.name)") == []


def test_a_locked_register_refuses_a_change_without_a_reason(tablet, live_server):
    UserFactory.create(role=Role.FACILITATOR, username="fran")
    old = timezone.now() - dt.timedelta(days=20)
    session = SessionFactory.create(run__facilitators=[UserFactory.create(username="fran")],
                                    starts_at=old, ends_at=old + dt.timedelta(hours=2))
    sam = EnrolmentFactory.create(run=session.run, participant__known_as="Sam")
    sign_in(tablet, live_server, "fran", PASSWORD)
    tablet.goto(f"{live_server.url}/attendance/sessions/{session.pk}/register/")

    choose(tablet, "Sam", "Present")
    tablet.get_by_role("button", name="Save register").tap()
    tablet.get_by_text("give a reason for the change").wait_for()
    assert marks() == {}
    check_page(tablet, touch=True)

    tablet.get_by_label("Reason for the change").fill("Found the paper sheet")
    choose(tablet, "Sam", "Present")
    tablet.get_by_role("button", name="Save register").tap()
    tablet.get_by_text("Register saved").wait_for()
    assert marks() == {sam.pk: "present"}
    assert MarkRevision.objects.get().reason == "Found the paper sheet"


def test_a_walk_in_at_a_drop_in_is_added_found_and_counted(tablet, live_server):
    fran = UserFactory.create(role=Role.FACILITATOR, username="fran")
    session = started_today_session(fran)
    session.run.programme.delivery = Delivery.DROP_IN
    session.run.programme.save()
    EnrolmentFactory.create(run=SessionFactory.create(run__facilitators=[fran]).run,
                            participant__known_as="Robin")
    open_register(tablet, live_server, session)

    tablet.get_by_label("New person: known-as name only").fill("Jo")
    tablet.get_by_role("button", name="Add new person").tap()
    tablet.get_by_text("Walk-in added and marked present").wait_for()
    tablet.get_by_label("Find by known-as name or reference").fill("rob")
    tablet.get_by_role("button", name="Find").tap()
    tablet.get_by_role("button", name="Add Robin").tap()
    tablet.get_by_text("Walk-in added and marked present").wait_for()
    tablet.get_by_label("People who gave no name").fill("3")
    tablet.get_by_role("button", name="Save headcount").tap()
    tablet.get_by_text("Saved: 3 people who gave no name").wait_for()
    check_page(tablet, touch=True)

    assert sorted(Mark.objects.values_list("enrolment__participant__known_as", "status")) == [
        ("Jo", "present"), ("Robin", "present")]
    assert session.headcount.count == 3
