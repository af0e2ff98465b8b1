"""Shared fixtures: users in every role and HTTP clients signed in as them."""

from __future__ import annotations

import pytest
from django.test import Client

from notifications import transports
from scheduler.models import User
from scheduler.platform.auth import token_create
from scheduler.platform.roles import Role
from tests.factories import UserFactory
from tests.mfa import force_login_verified


@pytest.fixture(autouse=True)
def _fast_passwords(settings):  # type: ignore[no-untyped-def]
    # Speed only: the Argon2 tests set PASSWORD_HASHERS back (platform/test_login_security.py).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db):  # type: ignore[no-untyped-def]
    def make(role: str = Role.FACILITATOR, **kwargs) -> User:  # type: ignore[no-untyped-def]
        return UserFactory(role=role, **kwargs)  # type: ignore[return-value]

    return make


@pytest.fixture
def client_for(db):  # type: ignore[no-untyped-def]
    """A Django test client authenticated by bearer token as the given user."""

    def make(user: User) -> Client:
        _, raw = token_create(user=user, name="test")
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return make


@pytest.fixture
def browser_client_for(db):  # type: ignore[no-untyped-def]
    """A Django test client with a session login (CSRF enforced), as a browser would be; for
    roles that need it, the session has passed two-step verification (a confirmed TOTP device)."""

    def make(user: User) -> Client:
        return force_login_verified(Client(enforce_csrf_checks=True), user)

    return make


@pytest.fixture
def fake_sms(settings):  # type: ignore[no-untyped-def]
    """The in-memory SMS transport, emptied for each test."""
    settings.SMS_BACKEND = "fake"
    transports.outbox.clear()
    yield transports.outbox
    transports.outbox.clear()


# The browser harness's fixtures (`tablet`) are available to every test module.
pytest_plugins = ["tests.browser"]
