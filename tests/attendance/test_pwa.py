"""The offline register's service worker and the list of pages a tablet keeps."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from scheduler.platform.roles import Role
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_the_service_worker_may_control_the_register_pages():
    response = Client().get("/attendance/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/attendance/"
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert b"importScripts(\"/static/attendance/queue.js\")" in response.content


def in_days(days: float):
    return timezone.now() + dt.timedelta(days=days)


def test_a_tablet_keeps_her_own_sessions_of_the_coming_week(facilitator, browser_client_for):
    soon = SessionFactory.create(run__facilitators=[facilitator], starts_at=in_days(2),
                                 ends_at=in_days(2.1))
    SessionFactory.create(run__facilitators=[facilitator], starts_at=in_days(9),
                          ends_at=in_days(9.1))
    SessionFactory.create(run__facilitators=[facilitator], starts_at=in_days(3),
                          ends_at=in_days(3.1), status="cancelled")
    SessionFactory.create(starts_at=in_days(1), ends_at=in_days(1.1))  # not hers

    response = browser_client_for(facilitator).get("/attendance/offline/pages.json")

    assert response.json() == {"urls": ["/attendance/sessions/",
                                        f"/attendance/sessions/{soon.pk}/register/"]}


def test_the_kept_pages_are_for_register_takers_only(make_user, browser_client_for):
    response = browser_client_for(make_user(Role.MANAGER)).get("/attendance/offline/pages.json")

    assert response.status_code == 403
