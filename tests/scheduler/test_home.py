"""Each role's home offers its main job; 403 and 404 are pages inside the site layout."""

import datetime as dt

import pytest
from django.utils import timezone

from creche.models import CollectionIncident, IncidentReason
from notifications.models import InboundMessage
from scheduler.platform.roles import Role
from tests.creche.factories import CrecheBookingFactory
from tests.scheduler.factories import keep_apart, make_enrolment, make_room, make_run, make_session

pytestmark = pytest.mark.django_db


def _soon(days: int = 1, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def test_coordinator_home_lists_the_weeks_sessions_with_their_clashes(
        browser_client_for, make_user):
    mine = make_session(starts_at=_soon(), ends_at=_soon() + dt.timedelta(hours=2))
    theirs = make_session(run=make_run(room=make_room(venue=mine.run.venue)),
                          starts_at=_soon(), ends_at=_soon() + dt.timedelta(hours=2))
    keep_apart(make_enrolment(run=mine.run).participant,
               make_enrolment(run=theirs.run).participant)

    page = browser_client_for(make_user(Role.COORDINATOR)).get("/").content.decode()

    assert "This week" in page and mine.run.name in page
    assert "keep-apart rule" in page and "2 sessions this week have a clash" in page
    assert 'href="/programmes/"' in page and 'href="/calendar/"' in page
    assert "No sessions for you today" not in page


@pytest.mark.parametrize("count", [1, 3])
def test_coordinator_home_query_count_does_not_grow(count, browser_client_for, make_user,
                                                    django_assert_max_num_queries):
    for n in range(count):
        make_session(starts_at=_soon(n + 1), ends_at=_soon(n + 1) + dt.timedelta(hours=2))
    client = browser_client_for(make_user(Role.COORDINATOR))

    with django_assert_max_num_queries(16):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize(("role", "expected"), [
    (Role.FACILITATOR, "Your sessions today"),
    (Role.CRECHE_WORKER, "Open today&#x27;s crèche sessions"),
    (Role.MANAGER, "Quarterly report"),
])
def test_each_role_home_offers_its_main_job(role, expected, browser_client_for, make_user):
    page = browser_client_for(make_user(role)).get("/").content.decode()

    assert expected in page


def test_facilitator_home_shows_her_sessions_today(browser_client_for, make_user):
    me = make_user(Role.FACILITATOR)
    today = timezone.localdate()
    start = dt.datetime.combine(today, dt.time(23, 0), tzinfo=timezone.get_current_timezone())
    session = make_session(run=make_run(facilitators=[me]), starts_at=start,
                           ends_at=start + dt.timedelta(minutes=30))

    page = browser_client_for(me).get("/").content.decode()

    assert f"/attendance/sessions/{session.pk}/register/" in page


def test_404_is_a_page_inside_the_site_layout_but_json_under_api(browser_client_for, make_user):
    client = browser_client_for(make_user(Role.COORDINATOR))

    page = client.get("/no-such-page/")
    api = client.get("/api/no-such-thing")

    assert page.status_code == 404
    assert 'class="topbar"' in page.content.decode() and "Page not found" in page.content.decode()
    assert (api.status_code, api.json()) == (404, {"detail": "Not Found"})


def test_403_is_a_page_inside_the_site_layout(browser_client_for, make_user):
    response = browser_client_for(make_user(Role.FACILITATOR)).get("/programmes/")

    assert response.status_code == 403
    assert 'class="topbar"' in response.content.decode()
    assert "You cannot open this page" in response.content.decode()


def test_coordinator_home_leads_with_urgent_replies_and_refused_collections(
        browser_client_for, make_user):
    coordinator = make_user(Role.COORDINATOR)
    client = browser_client_for(coordinator)
    assert b"Urgent text replies" not in client.get("/").content

    InboundMessage.objects.create(from_phone="+447700900123", body="he's here help",
                                  received_at=timezone.now(), urgent=True)
    booking = CrecheBookingFactory.create()
    CollectionIncident.objects.create(
        creche_session=booking.creche_session, booking=booking, child=booking.child,
        attempted_by="Someone", reason=IncidentReason.NEVER_COLLECT,
        happened_at=timezone.now(), recorded_by=coordinator)
    page = client.get("/").content.decode()

    assert "1 urgent text reply not read yet" in page
    assert "1 refused collection at the crèche" in page
    assert "he's here" not in page  # the home says there is a reply, not what it says
    assert b"Urgent text replies" not in browser_client_for(
        make_user(Role.FACILITATOR)).get("/").content
