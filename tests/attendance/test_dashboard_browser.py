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


def test_a_manager_enters_population_figures_and_sees_reach_against_them(tablet,
                                                                        live_server):
    from attendance.models import PopulationCharacteristic
    from attendance.population import population_set
    from scheduler.models import Locality

    starters(6)
    manager = UserFactory.create(role=Role.MANAGER, username="mia")
    for locality in Locality.objects.filter(unmatched=False).exclude(name="Rutland"):
        population_set(locality=locality, characteristic=PopulationCharacteristic.SEX,
                       residents={"Female": 50_000, "Male": 49_000}, by=manager)
    sign_in(tablet, live_server, "mia", PASSWORD)
    _from_home(tablet, "Dashboard")  # computes the figures
    tablet.reload()
    assert tablet.get_by_text("Sex: no figures yet for Rutland").is_visible()

    with tablet.expect_navigation():
        tablet.get_by_role("link", name="Enter population figures").tap()
    check_page(tablet, touch=True)
    with tablet.expect_navigation():
        tablet.get_by_role("link", name="Enter figures for Rutland").tap()
    tablet.get_by_label(re.compile("^Female")).fill("20500")
    with tablet.expect_navigation():
        tablet.get_by_role("button", name="Save figures").tap()
    assert tablet.get_by_role("alert").first.is_visible()  # half a characteristic: refused
    check_page(tablet, touch=True)
    tablet.get_by_label(re.compile("^Male")).fill("20400")
    with tablet.expect_navigation():
        tablet.get_by_role("button", name="Save figures").tap()
    assert tablet.get_by_text("Population figures for Rutland saved.").is_visible()

    with tablet.expect_navigation():
        tablet.get_by_role("link", name="Back to the dashboard").tap()
    tablet.goto(tablet.url + "?year=2026&quarter=3")
    chart = tablet.locator("figure.chart", has_text="Reach per 10,000 residents: sex")
    assert chart.locator("svg[role=img]").count() == 1
    assert chart.locator("rect.chart-bar").count() >= 1
    check_page(tablet, touch=True)
