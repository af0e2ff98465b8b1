"""A coordinator sets up two-step verification on a tablet and signs in with a code."""

from __future__ import annotations

from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from scheduler.platform.roles import Role
from tests.browser import check_page
from tests.factories import UserFactory
from tests.mfa import current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery"


def app_code(secret_text: str) -> str:
    """What an authenticator app shows for the key typed from the page."""
    key = secret_text.replace(" ", "")
    return f"{TOTP(b32decode(key + '=' * (-len(key) % 8))).token():06d}"


def password_step(page, live_server, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").tap()


def test_enrol_then_sign_in_with_a_code(tablet, live_server):
    UserFactory.create(role=Role.COORDINATOR, username="cora")

    password_step(tablet, live_server, "cora")
    assert "/account/mfa/setup/" in tablet.url
    assert tablet.locator("figure.qr svg").count() == 1
    check_page(tablet, touch=True)
    tablet.fill("#id_code", app_code(tablet.locator("code.secret").inner_text()))
    tablet.get_by_role("button", name="Turn on").tap()

    tablet.get_by_text("Two-step verification is on").wait_for()
    assert tablet.locator("ul.recovery-codes li").count() == 10
    check_page(tablet, touch=True)
    tablet.get_by_role("link", name="I have saved my codes").tap()
    tablet.wait_for_url(f"{live_server.url}/")

    with tablet.expect_navigation():
        tablet.get_by_role("button", name="Sign out").tap()
    password_step(tablet, live_server, "cora")
    assert "/account/mfa/verify/" in tablet.url
    assert tablet.locator("nav.nav a").count() == 0  # nothing else is open yet
    check_page(tablet, touch=True)
    tablet.fill("#id_code", current_code(TOTPDevice.objects.get(user__username="cora")))
    tablet.get_by_role("button", name="Verify").tap()
    tablet.wait_for_url(f"{live_server.url}/")

    tablet.get_by_role("link", name="Test").first.tap()  # the name in the top bar
    tablet.get_by_text("Recovery codes left").wait_for()
    check_page(tablet, touch=True)


def test_the_lockout_page_is_inside_the_site_layout(tablet, live_server):
    UserFactory.create(role=Role.MANAGER, username="mo")
    for _ in range(5):
        tablet.goto(f"{live_server.url}/login/")
        tablet.fill("#id_username", "mo")
        tablet.fill("#id_password", "not the password")
        with tablet.expect_navigation():
            tablet.get_by_role("button", name="Sign in").tap()

    tablet.get_by_role("heading", name="Sign-in paused").wait_for()
    check_page(tablet, touch=True)
    tablet.get_by_role("link", name="Back to sign in").tap()
    tablet.wait_for_url(f"{live_server.url}/login/")
