"""The strict CSP breaks nothing: pages and the API docs run in Chromium with no violation."""

from __future__ import annotations

import pytest

from scheduler.platform.roles import Role
from tests.browser import sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


def _collect_csp_violations(page) -> list[str]:
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(f"{page.url}: {msg.text[:120]}")
            if "Content Security Policy" in msg.text else None)
    return violations


def test_signed_in_pages_and_api_docs_run_under_the_policy(tablet, live_server):
    UserFactory.create(role=Role.COORDINATOR, username="cora")
    violations = _collect_csp_violations(tablet)
    sign_in(tablet, live_server, "cora", PASSWORD)
    for path in ["/", "/programmes/", "/calendar/", "/attendance/sessions/"]:
        tablet.goto(f"{live_server.url}{path}")
    tablet.goto(f"{live_server.url}/api/docs")
    tablet.get_by_text("Groupwork API").first.wait_for()
    assert violations == []


def test_the_policy_blocks_an_injected_inline_script(tablet, live_server):
    violations = _collect_csp_violations(tablet)
    tablet.goto(f"{live_server.url}/login/")
    tablet.evaluate("""() => { const s = document.createElement('script');
                              s.textContent = 'window.pwned = 1'; document.body.append(s); }""")
    assert tablet.evaluate("() => window.pwned") is None
    assert violations
