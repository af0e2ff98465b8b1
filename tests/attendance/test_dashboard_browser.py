"""A manager reaches the dashboard and the stored exports from their home, in a real Chromium
at tablet size: the charts render, axe finds nothing serious, nothing scrolls sideways."""

from __future__ import annotations

import re

import pytest

from attendance.tasks import store_quarterly_exports
from scheduler.platform.roles import Role
from tests.attendance.test_api_reports import starters
from tests.browser import check_page, sign_in
from tests.factories import UserFactory

PASSWORD = "correct horse battery"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _from_home(page, link):
    with page.expect_navigation():
        page.get_by_role("link", name="Groupwork", exact=True).tap()
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("link", name=link, exact=True).tap()


def test_a_manager_sees_the_dashboards_charts_at_tablet_size(tablet, live_server):
    starters(6)
    starters(2)
    UserFactory.create(role=Role.MANAGER, username="mia")
    sign_in(tablet, live_server, "mia", PASSWORD)

    _from_home(tablet, "Dashboard")  # the first visit computes the figures (sync queue)
    tablet.reload()

    charts = tablet.locator("figure.chart svg[role=img]")
    assert charts.count() >= 6
    first = charts.first.bounding_box()
    assert first is not None and 300 < first["width"] <= 768 and first["height"] > 50
    assert tablet.locator("rect.chart-bar").count() > 0
    tablet.get_by_text("The figures").first.tap()
    assert tablet.locator("figure.chart details[open] table").count() == 1
    check_page(tablet, touch=True)


def test_a_manager_finds_the_stored_exports(tablet, live_server):
    starters(6)
    store_quarterly_exports()
    UserFactory.create(role=Role.MANAGER, username="mia")
    sign_in(tablet, live_server, "mia", PASSWORD)

    _from_home(tablet, "Quarterly exports to download")

    assert tablet.get_by_role("link", name=re.compile("^XLSX for")).count() == 1
    check_page(tablet, touch=True)
