"""Every response carries the security headers; faults answer JSON under /api/, never a 500."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from scheduler.platform.roles import Role

pytestmark = pytest.mark.django_db

CSP_MUST = ["default-src 'none'", "script-src 'self'", "style-src 'self'",
            "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"]


def _assert_security_headers(response) -> None:
    csp = response.headers["Content-Security-Policy"]
    assert all(part in csp for part in CSP_MUST), csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/login/", "/", "/api/me", "/api/runs", "/api/nowhere",
                                  "/no-such-page/"])
def test_pages_api_and_errors_carry_the_security_headers(client, path):
    _assert_security_headers(client.get(path))


def test_a_signed_in_page_and_api_record_are_not_cached(make_user, browser_client_for,
                                                        client_for):
    coordinator = make_user(Role.COORDINATOR)
    _assert_security_headers(browser_client_for(coordinator).get("/programmes/"))
    _assert_security_headers(client_for(coordinator).get("/api/participants"))


def test_a_body_over_the_limit_gets_a_json_413_on_the_api(client_for, make_user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    api = client_for(make_user(Role.COORDINATOR))
    response = api.post("/api/participants", data="x" * 5000, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large."}
    _assert_security_headers(response)


def test_a_body_over_the_limit_on_a_page_is_a_plain_413(browser_client_for, make_user, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = browser_client_for(make_user(Role.COORDINATOR)).post(
        "/login/", data="x" * 5000, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413


@pytest.fixture
def database_down(monkeypatch):
    """Every new query fails as it does when PostgreSQL is unreachable."""
    from django.db.backends.utils import CursorWrapper

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 refused: secret detail")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    monkeypatch.setattr(CursorWrapper, "executemany", refuse)


def test_a_database_outage_is_a_json_503_with_retry_after_on_the_api(client, database_down,
                                                                       caplog):
    response = client.get("/api/runs", headers={"Authorization": "Bearer gw_whatever"})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "try again" in response.json()["detail"]
    assert "secret detail" not in caplog.text
    _assert_security_headers(response)


def test_a_database_outage_on_a_page_is_a_503_page(client, database_down):
    client.cookies["sessionid"] = "a" * 32  # the session look-up itself needs the database
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"Briefly unavailable" in response.content


def test_the_service_recovers_when_the_database_is_back(client, make_user, client_for):
    response = client_for(make_user(Role.COORDINATOR)).get("/api/runs")
    assert response.status_code == 200
