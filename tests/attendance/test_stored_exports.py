"""The scheduled quarterly export: stored after the quarter ends, listed, downloaded, audited."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
import time_machine

from attendance.models import StoredExport
from attendance.publication import return_publish
from attendance.quarters import Quarter
from attendance.return_store import return_state
from attendance.stored_exports import last_ended_quarter
from attendance.tasks import store_quarterly_exports
from scheduler.management.commands.setup_schedules import SCHEDULES
from scheduler.models.audit import AccessRecord
from scheduler.platform.roles import Role
from tests.attendance.test_api_reports import starters
from tests.factories import LONDON

pytestmark = pytest.mark.django_db

AFTER_Q3 = dt.datetime(2027, 1, 5, 9, 0, tzinfo=LONDON)
PAGE = "/attendance/reports/exports/"
Q3 = Quarter(2026, 3)


def test_the_export_is_scheduled_daily():
    assert "attendance.tasks.store_quarterly_exports" in {s["func"] for s in SCHEDULES}


def test_the_last_ended_quarter_crosses_the_financial_year():
    assert last_ended_quarter(dt.date(2026, 4, 2)) == Quarter(2025, 4)
    assert last_ended_quarter(dt.date(2027, 1, 5)) == Q3


def test_after_the_quarter_ends_its_exports_are_stored_once(make_user):
    starters(6)
    with time_machine.travel(dt.datetime(2026, 12, 20, 9, tzinfo=LONDON)):
        return_state(quarter=Q3, threshold=5)  # figures from before the quarter ended

    with time_machine.travel(AFTER_Q3):
        assert store_quarterly_exports() == 1
        assert store_quarterly_exports() == 0

    export = StoredExport.objects.get()
    assert (export.year, export.quarter, export.published) == (2026, 3, False)
    assert export.computed_at >= AFTER_Q3  # recomputed after the quarter ended
    book = openpyxl.load_workbook(io.BytesIO(bytes(export.xlsx)))
    assert book["Cover"]["A1"].value == "Quarterly return 2026/27 Q3"
    assert "Headlines,2026/27 Q3,People starting groups,,6" in export.csv


def test_once_published_the_snapshot_is_stored_too(make_user):
    starters(6)
    with time_machine.travel(AFTER_Q3):
        store_quarterly_exports()
        return_publish(quarter=Q3, threshold=5, by=make_user(Role.MANAGER))

        assert store_quarterly_exports() == 1

    assert sorted(StoredExport.objects.values_list("published", flat=True)) == [False, True]
    published = StoredExport.objects.get(published=True)
    cover = openpyxl.load_workbook(io.BytesIO(bytes(published.xlsx)))["Cover"]
    assert any(str(c.value).startswith("Published 05 January 2027") for c in cover["B"])


@time_machine.travel(AFTER_Q3)
def test_a_manager_lists_and_downloads_the_stored_exports_and_each_download_is_logged(
        make_user, browser_client_for):
    starters(6)
    store_quarterly_exports()
    export = StoredExport.objects.get()
    client = browser_client_for(make_user(Role.MANAGER))

    listing = client.get(PAGE).content.decode()
    xlsx = client.get(f"{PAGE}{export.pk}.xlsx")
    text = client.get(f"{PAGE}{export.pk}.csv")

    assert "2026/27 Q3" in listing and f"{PAGE}{export.pk}.xlsx" in listing
    assert xlsx.status_code == 200 and xlsx.content == bytes(export.xlsx)
    assert xlsx["Content-Disposition"] == (
        'attachment; filename="groupwork-2026-27-q3-computed.xlsx"')
    assert text.content.decode() == export.csv
    assert sorted(AccessRecord.objects.values_list("object_type", "object_ids")) == [
        ("stored_quarterly_export_csv", str(export.pk)),
        ("stored_quarterly_export_xlsx", str(export.pk))]


@time_machine.travel(AFTER_Q3)
def test_the_list_paginates_in_a_fixed_number_of_queries(make_user, browser_client_for,
                                                         django_assert_max_num_queries):
    for year in range(2000, 2025):
        StoredExport.objects.create(year=year, quarter=1, threshold=5, definitions_version="x",
                                    computed_at=AFTER_Q3, created_at=AFTER_Q3, xlsx=b"", csv="")
    client = browser_client_for(make_user(Role.MANAGER))
    client.get(PAGE)

    with django_assert_max_num_queries(8):
        response = client.get(f"{PAGE}?page=2")

    assert len(response.context["page"].object_list) == 5


def test_an_unknown_export_is_404_and_other_roles_are_refused(make_user, browser_client_for):
    assert browser_client_for(make_user(Role.MANAGER)).get(f"{PAGE}999.xlsx").status_code == 404
    facilitator = browser_client_for(make_user(Role.FACILITATOR))
    assert facilitator.get(PAGE).status_code == 403
    assert facilitator.get(f"{PAGE}1.csv").status_code == 403
    assert not AccessRecord.objects.exists()
