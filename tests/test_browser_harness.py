"""The harness itself: it passes a page that meets the standard and catches one that does not."""

from __future__ import annotations

import pytest

from tests.browser import axe_violations, check_page, sideways_overflow, small_targets

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_page_meets_the_tablet_standard(tablet, live_server):
    tablet.goto(f"{live_server.url}/login/")
    check_page(tablet, touch=True)


def test_harness_catches_a_bad_page(tablet):
    tablet.set_content(
        "<html><body><div style='width:2000px'>wide</div>"
        "<input type=text><a href='#' style='font-size:8px'>x</a></body></html>")
    assert any(v.startswith("label") for v in axe_violations(tablet))
    assert sideways_overflow(tablet) > 0
    assert len(small_targets(tablet)) == 2
