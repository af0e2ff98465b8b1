"""The manager's dashboard: charts from stored figures, suppression kept, nothing personal."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from attendance.cells import number
from attendance.charts import Series, bar_chart, line_chart
from attendance.dashboard import quarters_before, stored_reports
from attendance.models import ComputationStatus, ReturnComputation
from attendance.quarters import Quarter
from scheduler.platform.roles import Role
from tests.attendance.test_api_reports import starters

pytestmark = pytest.mark.django_db

PAGE = "/attendance/reports/dashboard/"
Q3 = "year=2026&quarter=3"


def test_a_suppressed_value_gets_its_marker_and_never_a_bar():
    chart = bar_chart("Starters", ["Melton", "Rutland", "Oadby"],
                      [Series("Number", ["12", "<5", "*"])])

    assert len(re.findall(r'<rect [^>]*class="chart-bar', chart.svg)) == 1
    assert "&lt;5 (suppressed)" in chart.svg and "* (suppressed)" in chart.svg
    assert chart.suppressed and chart.rows[1] == ("Rutland", ["<5"])


def test_bar_lengths_are_proportional_to_the_published_counts():
    chart = bar_chart("Groups", ["A", "B"], [Series("Number", ["10", "5"])])

    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([0-9.]+)"', chart.svg)]
    assert widths[0] == pytest.approx(2 * widths[1])


def test_chart_labels_are_escaped():
    chart = bar_chart("<b>", ["<script>x</script>"], [Series("Number", ["1"])])

    assert "<script>" not in chart.svg and "&lt;script&gt;" in chart.svg


def test_a_trend_line_breaks_at_a_suppressed_or_missing_quarter():
    chart = line_chart("Trend", ["Q1", "Q2", "Q3", "Q4"],
                       [Series("Starting", ["10", "12", "<5", "not computed"])])

    assert chart.svg.count("<polyline") == 1 and chart.svg.count("<circle") == 2
    assert "&lt;5" in chart.svg and "–" in chart.svg and "not computed" not in chart.svg


def test_quarters_before_runs_back_across_the_financial_year():
    assert [q.label for q in quarters_before(Quarter(2026, 2), 4)] == [
        "2025/26 Q3", "2025/26 Q4", "2026/27 Q1", "2026/27 Q2"]


def test_stored_reports_take_the_latest_ready_computation_of_each_quarter():
    now = timezone.now()
    for n, (quarter, status) in enumerate([(1, ComputationStatus.READY),
                                           (1, ComputationStatus.READY),
                                           (2, ComputationStatus.COMPUTING)]):
        ReturnComputation.objects.create(year=2026, quarter=quarter, threshold=5,
                                         status=status, requested_at=now,
                                         report={"headlines": [{"label": "x", "value": str(n)}]})

    found = stored_reports([Quarter(2026, 1), Quarter(2026, 2)], 5)

    assert list(found) == [Quarter(2026, 1)]
    assert found[Quarter(2026, 1)]["headlines"][0]["value"] == "1"


def test_the_dashboard_draws_its_charts_from_stored_figures(make_user, browser_client_for,
                                                            django_assert_max_num_queries):
    starters(6)
    client = browser_client_for(make_user(Role.MANAGER))
    client.get(f"{PAGE}?{Q3}")  # the first visit starts the computation (synchronous in tests)
    computed = ReturnComputation.objects.count()

    with django_assert_max_num_queries(11):  # 2 of them: the population figures
        response = client.get(f"{PAGE}?{Q3}")

    html = response.content.decode()
    assert response.status_code == 200 and ReturnComputation.objects.count() == computed
    assert html.count('<svg role="img"') >= 6
    assert "People starting and completing, by programme" in html
    assert "People starting and completing groups, by quarter" in html
    assert "Pre-group assessments" in html or "Assessment appointments" in html
    assert "Secretname" not in html and "1990" not in html


def test_the_trend_shows_earlier_quarters_only_from_what_is_stored(make_user,
                                                                   browser_client_for):
    ReturnComputation.objects.create(
        year=2026, quarter=1, threshold=5, status=ComputationStatus.READY,
        requested_at=timezone.now() - dt.timedelta(days=90),
        report={"headlines": [{"label": "People starting groups", "value": "41"},
                              {"label": "People completing groups", "value": "<5"}]})
    client = browser_client_for(make_user(Role.MANAGER))
    client.get(f"{PAGE}?{Q3}")

    dashboard = client.get(f"{PAGE}?{Q3}").context["dashboard"]

    starting, completing = dashboard.trend.series
    assert starting.values[-3:] == ["41", "not computed", "0"]
    assert completing.values[-3] == "<5"
    assert not ReturnComputation.objects.filter(quarter=2).exists()


def test_the_dashboard_is_forbidden_to_facilitators(make_user, browser_client_for):
    assert browser_client_for(make_user(Role.FACILITATOR)).get(PAGE).status_code == 403


def test_the_managers_home_links_to_the_dashboard_and_the_exports(make_user,
                                                                  browser_client_for):
    html = browser_client_for(make_user(Role.MANAGER)).get("/").content.decode()

    assert PAGE in html and "/attendance/reports/exports/" in html


_values = st.one_of(st.text(max_size=8), st.integers(0, 10**9).map(str),
                    st.sampled_from(["<5", "*", "–", "²", "1e+06", "0.5"]))


@settings(max_examples=80, deadline=None)
@given(labels=st.lists(st.text(max_size=30), max_size=8), data=st.data())
def test_a_bar_chart_draws_exactly_one_bar_per_number_whatever_the_values(labels, data):
    values = data.draw(st.lists(_values, min_size=len(labels), max_size=len(labels)))

    chart = bar_chart("Any", labels, [Series("Number", values)])

    bars = len(re.findall(r'<rect [^>]*class="chart-bar', chart.svg))
    assert bars == sum(1 for v in values if number(v) is not None)
    assert "<script" not in chart.svg
