"""The thin slice through every app, over real HTTP with each role's own credentials.

A coordinator builds a programme and a run with a weekly rule; the sessions land at 10:00
London time on both sides of the clock change; a participant is enrolled and opts in to
texts; the worker texts a reminder; the facilitator takes the register; the participant is
derived as a starter and the quarterly return counts her.
"""

import datetime as dt

import pytest
import time_machine

from attendance.quarters import quarter_from
from attendance.statistics import quarterly_figures
from notifications import tasks as notification_tasks
from programmes.models import Enrolment
from scheduler.models import Room
from scheduler.platform.roles import Role
from scheduler.platform.timezones import LONDON
from tests.factories import RoomFactory

pytestmark = pytest.mark.django_db


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture
def people(make_user, client_for):
    coordinator, facilitator = make_user(Role.COORDINATOR), make_user(Role.FACILITATOR)
    return {"coordinator": client_for(coordinator), "facilitator": client_for(facilitator),
            "manager": client_for(make_user(Role.MANAGER)), "facilitator_user": facilitator}


def plan_recovery_toolkit(coordinator, facilitator_id: int) -> tuple[int, list[dict]]:
    room: Room = RoomFactory(venue__name="Riverside Community Centre")  # type: ignore[assignment]
    programme = coordinator.post("/api/programmes", content_type="application/json", data={
        "name": "Recovery Toolkit (evenings)", "slug": "recovery-toolkit-evenings",
        "audience": "women", "delivery": "closed", "output_category": "recovery_toolkit",
        "session_count": 12,
        "completion_min_percent": 75}).json()
    run = coordinator.post("/api/runs", content_type="application/json", data={
        "programme_id": programme["id"], "name": "Recovery Toolkit – Riverside",
        "venue_id": room.venue_id, "room_id": room.pk, "capacity": 10, "status": "open",
        "facilitator_ids": [facilitator_id]}).json()
    sessions = coordinator.put(f"/api/runs/{run['id']}/schedule", content_type="application/json",
                               data={"rule": "RRULE:FREQ=WEEKLY;BYDAY=TU",
                                     "start_date": "2026-09-08", "start_time": "10:00",
                                     "duration_minutes": 120, "target_sessions": 12})
    assert sessions.status_code == 200, sessions.content
    return run["id"], sessions.json()


def enrol_with_texts(coordinator, run_id: int) -> tuple[int, int]:
    participant = coordinator.post("/api/participants", content_type="application/json",
                                   data={"known_as": "Robin",
                                         "demographics": {"sex": "female"}}).json()
    enrolment = coordinator.post("/api/enrolments", content_type="application/json", data={
        "participant_id": participant["id"], "run_id": run_id}).json()
    contact = f"/api/notifications/contacts/{participant['id']}"
    assert coordinator.put(contact, content_type="application/json", data={
        "phone": "07400 123456", "safe_to_text": True}).status_code == 200
    assert coordinator.post(f"{contact}/consent", content_type="application/json",
                            data={"method": "in_person"}).status_code == 200
    return participant["id"], enrolment["id"]


@time_machine.travel(at(2026, 9, 1, 9, 0), tick=False)
def test_thin_slice_from_planning_to_the_quarterly_return(people, fake_sms, time_machine):
    coordinator, facilitator = people["coordinator"], people["facilitator"]
    run_id, sessions = plan_recovery_toolkit(coordinator, people["facilitator_user"].pk)

    local_starts = [dt.datetime.fromisoformat(s["starts_at"]).astimezone(LONDON)
                    for s in sessions]
    assert len(sessions) == 12
    assert {start.time() for start in local_starts} == {dt.time(10, 0)}
    assert local_starts[0] < at(2026, 10, 25) < local_starts[-1]  # spans the clock change

    _participant_id, enrolment_id = enrol_with_texts(coordinator, run_id)

    time_machine.move_to(at(2026, 9, 7, 11, 0))
    notification_tasks.send_due_reminders()
    assert [message.body for message in fake_sms] == [
        "Reminder: Tue 10:00. Reply STOP to stop these texts."]

    time_machine.move_to(at(2026, 9, 8, 12, 5))
    first = sessions[0]["id"]
    taken = facilitator.put(f"/api/sessions/{first}/register", content_type="application/json",
                            data={"marks": [{"enrolment_id": enrolment_id, "status": "present",
                                             "client_nonce": "tablet-1"}]})
    assert taken.status_code == 200, taken.content

    assert Enrolment.objects.get(pk=enrolment_id).status == "started"
    figures = quarterly_figures(quarter=quarter_from(year=2026, quarter=2))
    assert len(figures.starters) == 1
    report = people["manager"].get("/api/reports/quarterly?year=2026&quarter=2")
    assert report.status_code == 200
    assert "Robin" not in report.content.decode()
