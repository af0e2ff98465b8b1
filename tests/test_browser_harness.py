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


def test_a_page_replaced_during_the_check_is_checked_again(tablet, live_server):
    """A click that navigates returns before the new document loads; the check must judge the
    page the user ends on, not die with (or pass on) the one being left."""
    tablet.route("**/harness-bad-page/", lambda route: route.fulfill(
        content_type="text/html",
        body="<html lang=en><title>bad</title><body><main><input type=text></main></body></html>"))
    tablet.goto(f"{live_server.url}/login/")
    tablet.evaluate("() => setTimeout(() => { location.href = '/harness-bad-page/'; }, 20)")
    with pytest.raises(AssertionError, match="harness-bad-page"):
        check_page(tablet)
