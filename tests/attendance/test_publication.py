"""Returns computed off the request path, published (frozen), and revised against."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from attendance.models import ComputationStatus, Mark, MarkStatus, ReturnComputation
from attendance.publication import quarter_is_published
from scheduler.platform.roles import Role
from tests.attendance.test_api_reports import starters
from tests.factories import LONDON

pytestmark = pytest.mark.django_db

BASE = "/api/reports/quarterly"
Q3 = "year=2026&quarter=3"
AFTER_Q3 = dt.datetime(2027, 1, 5, 9, 0, tzinfo=LONDON)


def test_a_return_under_way_answers_computing(make_user, client_for):
    ReturnComputation.objects.create(year=2026, quarter=3, threshold=5,
                                     requested_at=timezone.now())

    response = client_for(make_user(Role.MANAGER)).get(f"{BASE}?{Q3}")

    assert response.status_code == 202
    assert response.json() == {"status": "computing", "quarter": "2026/27 Q3"}


def test_the_served_return_says_when_it_was_computed(make_user, client_for):
    starters(6)

    body = client_for(make_user(Role.MANAGER)).get(f"{BASE}?{Q3}").json()

    computation = ReturnComputation.objects.get()
    assert computation.status == ComputationStatus.READY
    assert body["status"] == "ready"
    served_at = dt.datetime.fromisoformat(body["computed_at"])
    assert computation.finished_at is not None
    assert abs(served_at - computation.finished_at) < dt.timedelta(milliseconds=1)
    assert body["headlines"][0] == {"label": "People starting groups", "value": "6"}


@pytest.mark.parametrize("query, field", [
    ("year=2027&quarter=1", "quarter"),  # Apr 2027: not begun
    (f"{Q3}&threshold=1", "threshold"),
])
def test_a_future_quarter_or_a_threshold_below_two_is_refused(query, field, make_user,
                                                              client_for):
    response = client_for(make_user(Role.MANAGER)).get(f"{BASE}?{query}")

    assert response.status_code == 422
    assert field in str(response.json())


def test_a_quarter_still_running_cannot_be_published(make_user, client_for):
    client = client_for(make_user(Role.MANAGER))
    client.get(f"{BASE}?{Q3}")

    response = client.post(f"{BASE}/publish?{Q3}")

    assert response.status_code == 422
    assert "ended" in str(response.json())


@time_machine.travel(AFTER_Q3)
def test_published_figures_stay_frozen_and_later_changes_show_as_revisions(make_user,
                                                                          client_for):
    starters(6)
    client = client_for(make_user(Role.MANAGER))
    client.get(f"{BASE}?{Q3}")

    published = client.post(f"{BASE}/publish?{Q3}")
    Mark.objects.filter(pk=Mark.objects.order_by("pk")[0].pk).update(status=MarkStatus.ABSENT)
    ReturnComputation.objects.update(requested_at=timezone.now() - dt.timedelta(hours=1))
    body = client.get(f"{BASE}?{Q3}").json()

    assert published.status_code == 200
    assert published.json()["definitions_version"] == body["definitions_version"]
    assert body["status"] == "published"
    assert body["headlines"][0] == {"label": "People starting groups", "value": "6"}
    assert {"table": "2026/27 Q3", "row": "People starting groups", "column": "",
            "published": "6", "now": "5"} in body["revisions"]
    assert quarter_is_published(day=dt.date(2026, 11, 30))
    assert not quarter_is_published(day=dt.date(2027, 1, 1))


@time_machine.travel(AFTER_Q3)
def test_a_quarter_is_published_once(make_user, client_for):
    client = client_for(make_user(Role.MANAGER))
    client.get(f"{BASE}?{Q3}")
    client.post(f"{BASE}/publish?{Q3}")

    again = client.post(f"{BASE}/publish?{Q3}")

    assert again.status_code == 422
    assert "already published" in str(again.json())


PAGE = "/attendance/reports/quarterly/"


def test_the_report_page_says_computing_while_the_first_computation_runs(make_user,
                                                                         browser_client_for):
    ReturnComputation.objects.create(year=2026, quarter=3, threshold=5,
                                     requested_at=timezone.now())

    response = browser_client_for(make_user(Role.MANAGER)).get(f"{PAGE}?{Q3}")

    assert response.status_code == 200
    assert "Computing 2026/27 Q3" in response.content.decode()


@time_machine.travel(AFTER_Q3)
def test_a_manager_publishes_from_the_report_page(make_user, browser_client_for):
    starters(6)
    manager = make_user(Role.MANAGER)
    client = browser_client_for(manager)
    page = client.get(f"{PAGE}?{Q3}")
    token = page.context["csrf_token"]

    response = client.post(f"{PAGE}publish/", {"year": 2026, "quarter": 3,
                                               "csrfmiddlewaretoken": str(token)}, follow=True)

    assert "2026/27 Q3 published." in response.content.decode()
    assert "Published 5 January 2027" in response.content.decode()
    assert quarter_is_published(day=dt.date(2026, 10, 1))
