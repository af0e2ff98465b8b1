"""Planning pages over HTTP: field errors keep what was typed, nothing half-saved, stale run
forms refused, role rules."""

import datetime as dt

import pytest

from programmes.models import GroupRun
from programmes.services.catalogue import run_version
from scheduler.calendar.enums import SessionStatus
from scheduler.models import Schedule
from scheduler.platform.roles import Role
from tests.factories import LONDON, GroupRunFactory, ProgrammeTypeFactory
from tests.scheduler.factories import make_session

pytestmark = pytest.mark.django_db


def post(client, url, data, page=None):
    client.get(page or url)
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


@pytest.fixture
def coordinator(browser_client_for, make_user):
    return browser_client_for(make_user(Role.COORDINATOR))


def _run_form(run, **changes):
    return {"programme": run.programme_id, "name": run.name, "venue": run.venue_id,
            "room": run.room_id or "", "capacity": run.capacity, "status": run.status,
            "version": run_version(run), **changes}


def test_run_edit_from_a_stale_form_is_refused_and_changes_nothing(coordinator):
    run = GroupRunFactory.create(name="Before")
    stale = _run_form(run, name="Mine")
    GroupRun.objects.filter(pk=run.pk).update(capacity=9)  # someone else saved meanwhile

    response = post(coordinator, f"/programmes/runs/{run.pk}/edit/", stale)

    run.refresh_from_db()
    assert response.status_code == 422
    assert "Someone else changed this run" in response.content.decode()
    assert 'value="Mine"' in response.content.decode()  # what was typed is kept
    assert run.name == "Before"


def test_run_create_with_a_room_at_another_venue_is_a_field_error(coordinator):
    other = GroupRunFactory.create()
    programme = ProgrammeTypeFactory.create()

    response = post(coordinator, "/programmes/runs/new/", {
        "programme": programme.pk, "name": "New", "venue": GroupRunFactory.create().venue_id,
        "room": other.room_id, "capacity": 10, "status": "planned"})

    assert response.status_code == 422
    assert "The room is not at this venue." in response.content.decode()
    assert not GroupRun.objects.filter(name="New").exists()


def test_schedule_page_without_weekdays_is_a_field_error_and_saves_nothing(coordinator):
    run = GroupRunFactory.create()

    response = post(coordinator, f"/calendar/runs/{run.pk}/schedule/", {
        "every_weeks": "1", "start_date": "2027-01-04", "start_time": "10:00",
        "duration_minutes": "120", "target_sessions": "8", "action": "apply"})

    assert response.status_code == 422
    assert 'value="2027-01-04"' in response.content.decode()
    assert not Schedule.objects.filter(run=run).exists()


def test_session_cancel_without_a_reason_is_refused(coordinator):
    session = make_session(starts_at=dt.datetime(2027, 1, 5, 10, tzinfo=LONDON),
                           ends_at=dt.datetime(2027, 1, 5, 12, tzinfo=LONDON))

    post(coordinator, f"/calendar/sessions/{session.pk}/cancel/", {"cancel-reason": ""},
         page=f"/calendar/sessions/{session.pk}/")

    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.MANAGER, Role.CRECHE_WORKER])
def test_planning_pages_refuse_other_roles(role, browser_client_for, make_user):
    client = browser_client_for(make_user(role))
    session = make_session()

    for url in ("/programmes/runs/new/", f"/programmes/runs/{session.run_id}/edit/",
                f"/calendar/runs/{session.run_id}/schedule/",
                f"/calendar/runs/{session.run_id}/sessions/",
                f"/calendar/sessions/{session.pk}/"):
        assert client.get(url).status_code == 403, url
