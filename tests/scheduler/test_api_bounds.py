"""Hostile input answers 4xx, never 500 (out-of-range dates, huge ids, absurd rules)."""

import pytest

from scheduler.platform.roles import Role
from tests.scheduler.factories import make_run

pytestmark = pytest.mark.django_db
HUGE = "99999999999999999999"


@pytest.mark.parametrize("url", [
    f"/api/sessions/{HUGE}",
    "/api/sessions?start=9999-12-31",
    f"/api/sessions?venue_id={HUGE}",
    "/api/closures?start=9999-12-30&end=9999-12-31",
    "/api/closures?start=2026-12-30&end=2026-01-01",
    f"/api/venues/{HUGE}",
])
def test_calendar_reads_answer_4xx_to_out_of_range_input(client_for, make_user, url):
    response = client_for(make_user(Role.COORDINATOR)).get(url)

    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("body", [
    {"start_date": "9999-12-01"},
    {"rule": "RRULE:FREQ=SECONDLY"},
    {"rule": "RRULE:FREQ=WEEKLY;BYDAY=XX"},
    {"start_time": "25:00"},
    {"start_time": "10:00:00Z"},
    {"calendar_ids": [int(HUGE)]},
    {"calendar_ids": [12345]},
])
def test_schedule_preview_answers_422_to_bad_bodies(client_for, make_user, body):
    run = make_run()
    good = {"rule": "RRULE:FREQ=WEEKLY;BYDAY=TU", "start_date": "2026-09-08",
            "start_time": "10:00", "duration_minutes": 120, "target_sessions": 12}

    response = client_for(make_user(Role.COORDINATOR)).post(
        f"/api/runs/{run.pk}/schedule", {**good, **body}, content_type="application/json")

    assert response.status_code == 422
