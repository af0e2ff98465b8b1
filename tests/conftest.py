"""Shared fixtures: users in every role and HTTP clients signed in as them."""

from __future__ import annotations

import importlib

import pytest
from django.test import Client

from notifications import transports
from scheduler.models import User
from scheduler.platform.auth import token_create
from scheduler.platform.roles import Role
from tests.factories import UserFactory
from tests.mfa import force_login_verified


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix,  # type: ignore[no-untyped-def]
                                 request, tmp_path_factory):
    """On SQLite, a session that runs the live server gets a test database in a file.

    Django's SQLite test database is an in-memory one in shared-cache mode. The live server
    answers each request in its own thread, with its own connection to it (pytest-django
    starts the session-scoped server before the test database exists, so no connection is
    handed over). Shared-cache connections lock whole tables and answer a conflict at once
    with SQLITE_LOCKED ("database table is locked"), which the busy timeout does not wait
    out: two concurrent syncs (the service worker's and the page's) meant a 503. A file
    database is what the service runs on: WAL, IMMEDIATE transactions and the busy timeout
    from settings make concurrent writers wait their turn instead.
    """
    from django.conf import settings  # needs Django set up: not at load

    database = settings.DATABASES["default"]
    uses_live_server = any("live_server" in getattr(item, "fixturenames", ())
                           for item in request.session.items)
    if database["ENGINE"] == "django.db.backends.sqlite3" and uses_live_server:
        path = tmp_path_factory.mktemp("sqlite") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


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


@pytest.fixture(autouse=True)
def _provider_locality_list(request):  # type: ignore[no-untyped-def]
    """The locality list scheduler's migration seeds, for every test with the database: a
    transactional test (browser tests) flushes migration data, so it is put back here."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    from scheduler.models import Locality, Lot  # needs the database set up: not at load

    seeded = importlib.import_module("scheduler.migrations.0006_localities").SEEDED
    if Locality.objects.filter(name=seeded[0][0]).exists():
        return
    for name, lot in seeded:
        Locality.objects.get_or_create(name=name,
                                       defaults={"lot": Lot.objects.get_or_create(name=lot)[0]})
