import csv
import datetime as dt
import gc
import io

import openpyxl
import pytest
import time_machine
from django.utils import timezone

from attendance import return_store
from attendance.models import ComputationStatus, MarkStatus, ReturnComputation
from attendance.quarters import Quarter
from attendance.return_store import return_compute
from scheduler.platform.roles import Role
from tests.attendance.factories import MarkFactory, RegisterFactory
from tests.factories import (
    LONDON,
    DemographicsFactory,
    EnrolmentFactory,
    GroupRunFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/reports/quarterly?year=2026&quarter=3"


def starters(count):
    """`count` people who start (and complete) a one-session group in October 2026."""
    start = dt.datetime(2026, 10, 6, 10, 0, tzinfo=LONDON)
    session = SessionFactory.create(starts_at=start, ends_at=start + dt.timedelta(hours=2),
                                    run=GroupRunFactory.create())
    RegisterFactory.create(session=session)
    for _ in range(count):
        enrolment = EnrolmentFactory.create(run=session.run, participant__known_as="Secretname")
        DemographicsFactory.create(participant=enrolment.participant, locality="Melton",
                                   date_of_birth=dt.date(1990, 5, 1))
        MarkFactory.create(session=session, enrolment=enrolment, status=MarkStatus.PRESENT)


@pytest.mark.parametrize("role", [Role.MANAGER, Role.COORDINATOR, Role.ADMIN])
def test_quarterly_report_is_served_to_report_readers(role, make_user, client_for):
    starters(6)

    response = client_for(make_user(role)).get(URL)

    assert response.status_code == 200
    body = response.json()
    assert (body["quarter"], body["first_day"], body["last_day"]) == (
        "2026/27 Q3", "2026-10-01", "2026-12-31")
    assert {h["label"]: h["value"] for h in body["headlines"]}["People starting groups"] == "6"


def test_quarterly_report_contains_no_participant_records(make_user, client_for):
    starters(3)

    response = client_for(make_user(Role.MANAGER)).get(URL)

    assert b"Secretname" not in response.content and b"GW-" not in response.content
    assert b"1990" not in response.content


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.CRECHE_WORKER])
def test_quarterly_report_is_refused_to_other_roles(role, make_user, client_for):
    assert client_for(make_user(role)).get(URL).status_code == 403


@pytest.mark.parametrize("query", ["year=2026&quarter=5", "year=26&quarter=1", "quarter=1"])
def test_quarterly_report_rejects_a_bad_quarter_with_field_errors(query, make_user, client_for):
    response = client_for(make_user(Role.MANAGER)).get(f"/api/reports/quarterly?{query}")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "query"


@pytest.mark.parametrize("path", ["/api/reports/quarterly", "/api/reports/quarterly.csv",
                                  "/api/reports/quarterly.xlsx"])
@pytest.mark.parametrize("threshold", [1, 101, 152751])
def test_a_threshold_out_of_range_is_a_field_error_not_a_crash(path, threshold, make_user,
                                                               client_for):
    # 152751 once reached PostgreSQL's smallint column and answered 500.
    response = client_for(make_user(Role.MANAGER)).get(
        f"{path}?year=2026&quarter=3&threshold={threshold}")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "threshold"]
    assert not ReturnComputation.objects.exists()


@pytest.mark.parametrize("count", [1, 3])
def test_quarterly_report_uses_a_fixed_number_of_queries(count, make_user, client_for,
                                                         django_assert_max_num_queries):
    starters(count)
    client = client_for(make_user(Role.MANAGER))
    client.get(URL)  # computes (django-q2 runs in sync mode in tests)

    with django_assert_max_num_queries(6):
        response = client.get(URL)

    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_computing_the_return_uses_a_fixed_number_of_queries(count,
                                                             django_assert_max_num_queries):
    starters(count)
    quarter = Quarter.of(dt.date(2026, 10, 1))
    computation = ReturnComputation.objects.create(year=quarter.year, quarter=quarter.number,
                                                   threshold=5, requested_at=timezone.now())

    # figures 17; sections 40: referrals, assessments, sessions 9, completion 4, waiting 5,
    # training 1, outcomes 11, crèche 5, access, next steps and voice 5
    with django_assert_max_num_queries(57):
        return_compute(computation_id=computation.pk)

    computation.refresh_from_db()
    assert computation.status == ComputationStatus.READY


def test_the_return_is_computed_with_the_cycle_collector_paused(monkeypatch):
    """Building tens of thousands of facts, it would otherwise walk the heap again and again."""
    starters(1)
    quarter = Quarter.of(dt.date(2026, 10, 1))
    computation = ReturnComputation.objects.create(year=quarter.year, quarter=quarter.number,
                                                   threshold=5, requested_at=timezone.now())
    seen = []
    real = return_store.published_report

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(return_store, "published_report", watched)
    gc.enable()

    return_compute(computation_id=computation.pk)

    assert seen == [False]
    assert gc.isenabled()


@time_machine.travel(dt.datetime(2027, 1, 5, 9, 0, tzinfo=LONDON))
def test_quarterly_csv_has_suppressed_figures_and_no_personal_data(make_user, client_for):
    starters(2)

    response = client_for(make_user(Role.MANAGER)).get(
        "/api/reports/quarterly.csv?year=2026&quarter=3")

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="groupwork-2026-27-q3.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["section", "table", "row", "column", "value"]
    assert ["Headlines", "2026/27 Q3", "People starting groups", "", "<5"] in rows
    assert b"Secretname" not in response.content


def test_quarterly_xlsx_opens_on_a_cover_sheet(make_user, client_for):
    """The workbook itself is checked cell by cell in test_workbook.py."""
    starters(6)

    response = client_for(make_user(Role.COORDINATOR)).get(
        "/api/reports/quarterly.xlsx?year=2026&quarter=3")

    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "Cover"
    assert book["Cover"]["A1"].value == "Quarterly return 2026/27 Q3"
