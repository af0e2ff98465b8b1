"""The one browser harness: Debian's Chromium driven by Playwright at tablet size.

Every page test uses the `tablet` fixture and `check_page()`: axe-core (vendored, no CDN) must
find no serious or critical violation, nothing may scroll sideways, and on tablet pages every
control is a touch target of at least 44 × 44 CSS px.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
TABLET = {"width": 768, "height": 1024}
AXE = Path(__file__).parent / "browser_vendor" / "axe-4.14.1.min.js"
MIN_TARGET_PX = 44
SETTLE_TRIES = 3
# How Playwright and axe fail when the document is replaced under a check.
NAVIGATED = ("Execution context was destroyed", "Cannot find context with specified id",
             "reading 'documentElement'")
TARGETS = "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]"


@pytest.fixture
def tablet(monkeypatch) -> Iterator[Any]:
    """A fresh Chromium page, 768 × 1024 with touch, in its own browser context."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("GROUPWORK_SKIP_BROWSER") == "1":
            pytest.skip("no Chromium and GROUPWORK_SKIP_BROWSER=1")
        pytest.fail(f"{CHROMIUM} is missing (set GROUPWORK_SKIP_BROWSER=1 to skip)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; Django's ORM calls in the test are still sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport=TABLET, has_touch=True)  # type: ignore[arg-type]
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


def sign_in(page: Any, live_server: Any, username: str, password: str) -> None:
    """Sign in through the real login form and land on the home page. Users who need two-step
    verification get a TOTP device if they have none, and its current code is typed into the
    real verify form when the site asks for it."""
    from tests.mfa import current_code, device_for_sign_in  # needs Django set up: not at load

    device = device_for_sign_in(username)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    if device is not None and "/account/mfa/verify/" in page.url:
        page.fill("#id_code", current_code(device))
        page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """Run axe-core on the current page; the ids and targets of violations of these impacts."""
    # Evaluated through DevTools, not injected as a <script>: the page's CSP (rightly) refuses
    # inline scripts, and the check must not need a hole in it.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text() + "\n;undefined")
    result = page.evaluate("async () => await axe.run(document)")
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
            for v in result["violations"] if v["impact"] in impacts]


def sideways_overflow(page: Any) -> int:
    """How many CSS px the page scrolls sideways (0 when it fits)."""
    return int(page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"))


def small_targets(page: Any, minimum: int = MIN_TARGET_PX) -> list[str]:
    """Visible controls smaller than minimum × minimum px (labels of wrapped inputs count)."""
    return list(page.evaluate(
        """([selector, minimum]) => {
          const small = [];
          for (const el of document.querySelectorAll(selector)) {
            const style = getComputedStyle(el);
            if (style.visibility === 'hidden' || style.display === 'none') continue;
            let box = el.getBoundingClientRect();
            if (box.width === 0 && box.height === 0) continue;  // visually hidden input
            const label = el.closest('label');
            if (label) box = label.getBoundingClientRect();
            if (box.width < minimum || box.height < minimum) {
              small.push(`${el.tagName.toLowerCase()} "${(el.innerText || el.value || el.name
                || '').trim().slice(0, 30)}" ${Math.round(box.width)}x${Math.round(box.height)}`);
            }
          }
          return small;
        }""", [TARGETS, minimum]))


def check_page(page: Any, *, touch: bool = False) -> None:
    """The standard every page meets: axe clean (serious/critical), no sideways scroll, and on
    tablet pages (touch=True) touch targets of at least 44 px.

    The checks run on a settled document: a test may call this straight after a click that
    navigates, and a document swapped mid-check would fail (or pass) for the wrong page. Each try
    marks the document first; if the mark is gone afterwards (or the check died with the old
    document), it waits for the new one to load and checks that instead."""
    for _ in range(SETTLE_TRIES):
        page.wait_for_load_state("load")
        try:
            page.evaluate("() => { window.__groupworkChecked = true; }")
            found = (axe_violations(page), sideways_overflow(page),
                     small_targets(page) if touch else [])
            if page.evaluate("() => window.__groupworkChecked === true"):
                break
        except PlaywrightError as error:
            if not any(sign in str(error) for sign in NAVIGATED):
                raise
    else:
        pytest.fail(f"{page.url} kept navigating: no settled document to check")
    violations, overflow, small = found
    assert violations == [], page.url
    assert overflow == 0, page.url
    assert small == [], page.url
