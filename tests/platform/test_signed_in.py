"""A signed-in page's three reads (session, user, verified device), each a prepared
statement, held to the stock ORM code they replace, and the rules that code applies."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_login_failed
from django.contrib.sessions.backends.db import SessionStore as StockSessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice

from scheduler.models.accounts import User
from scheduler.platform.roles import Role
from scheduler.platform.signed_in import PreparedModelBackend, PreparedOTPMiddleware, SessionStore
from tests.mfa import force_login_verified, totp_device, verify_client
from tests.rows import column_values

pytestmark = pytest.mark.django_db



def test_the_service_uses_them():
    assert settings.SESSION_ENGINE == "scheduler.platform.signed_in"
    backends = settings.AUTHENTICATION_BACKENDS
    # The stock backend after it, only for sessions that name it (see the next tests).
    assert backends.index("scheduler.platform.signed_in.PreparedModelBackend") < backends.index(
        "django.contrib.auth.backends.ModelBackend")
    assert "scheduler.platform.signed_in.PreparedOTPMiddleware" in settings.MIDDLEWARE
    assert "django_otp.middleware.OTPMiddleware" not in settings.MIDDLEWARE


def test_a_session_loads_as_the_stock_store_loads_it():
    store = SessionStore()
    store["note"] = {"a": [1, 2]}
    store.create()
    key = store.session_key
    assert SessionStore(key).load() == StockSessionStore(key).load() == {"note": {"a": [1, 2]}}
    loaded = SessionStore(key)._get_session_from_db()
    assert loaded is not None
    assert column_values(loaded) == column_values(Session.objects.get(session_key=key))


def test_an_expired_or_unknown_session_is_empty_and_forgets_its_key():
    store = SessionStore()
    store["note"] = 1
    store.create()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1))
    for key in [store.session_key, "no-such-session-key-0123456789"]:
        loaded = SessionStore(key)
        assert loaded.load() == {} and loaded.session_key is None


def test_the_user_is_the_orms_and_an_inactive_one_is_refused(make_user):
    user = make_user(Role.FACILITATOR)
    found = PreparedModelBackend().get_user(user.pk)
    stock = ModelBackend().get_user(user.pk)
    assert found is not None and stock is not None
    assert column_values(found) == column_values(stock)
    assert PreparedModelBackend().get_user(user.pk + 1000) is None
    user.is_active = False
    user.save()
    assert PreparedModelBackend().get_user(user.pk) is None


def _device_for(persistent_id):
    return PreparedOTPMiddleware(lambda r: None)._device_from_persistent_id(persistent_id)


def test_the_device_is_the_one_the_stock_lookup_finds(make_user):
    user = make_user(Role.FACILITATOR)
    totp = totp_device(user)
    static = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    for device in [totp, static]:
        found = _device_for(device.persistent_id)
        stock = Device.from_persistent_id(device.persistent_id)
        assert type(found) is type(stock) and column_values(found) == column_values(stock)
    for bad in ["otp_totp.totpdevice/999999", "otp_totp.totpdevice/x", "nope.nothing/1",
                "garbage"]:
        assert _device_for(bad) is None and Device.from_persistent_id(bad) is None, bad
    # A model that is not a device: none (the stock lookup fails on it with AttributeError).
    assert _device_for(f"scheduler.user/{user.pk}") is None


def test_a_device_that_is_not_hers_or_not_confirmed_does_not_verify_her(make_user):
    """The stock middleware's own checks still run on the device read."""
    her, other = make_user(Role.FACILITATOR), make_user(Role.FACILITATOR)
    theirs = totp_device(other)
    unconfirmed = StaticDevice.objects.create(user=her, name="codes", confirmed=False)
    for device in [theirs, unconfirmed]:
        request = RequestFactory().get("/")
        request.session = SessionStore()
        request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        request.user = her
        PreparedOTPMiddleware(lambda r: None)._install_lazy_accessors(request)
        assert request.user.otp_device is None  # type: ignore[union-attr]
        assert DEVICE_ID_SESSION_KEY not in request.session


def test_a_verified_page_reads_session_user_and_device_first_and_signing_out_ends_it(
        make_user):
    user = make_user(Role.FACILITATOR)
    client = force_login_verified(Client(), user)
    statements: list[str] = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = client.get(reverse("attendance:my_sessions"))
    assert response.status_code == 200
    tables = [("django_session" in s, "scheduler_user" in s, "otp_totp_totpdevice" in s)
              for s in statements[:3]]
    assert tables == [(True, False, False), (False, True, False), (False, False, True)]
    client.post(reverse("logout"))
    assert client.get(reverse("attendance:my_sessions")).status_code == 302


def test_a_session_signed_in_under_the_stock_backend_stays_signed_in(make_user):
    """Sessions from before this backend name Django's own: signing them out at a deployment
    would send tablets to the sign-in page, which wipes taps not yet sent."""
    user = make_user(Role.FACILITATOR)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    verify_client(client, user)
    assert client.get(reverse("attendance:my_sessions")).status_code == 200


def _sign_in_request():
    request = RequestFactory().post(reverse("login"))
    request.session = SessionStore()
    return request


def test_signing_in_checks_a_password_once_and_names_the_prepared_backend(make_user):
    user = make_user(Role.FACILITATOR)
    user.set_password("right-password-123")
    user.save()
    failures = []
    user_login_failed.connect(receiver := lambda **kw: failures.append(kw), weak=False)
    try:
        with mock.patch.object(User, "check_password", autospec=True,
                               side_effect=User.check_password) as check:
            assert authenticate(_sign_in_request(), username=user.username,
                                password="wrong-password") is None
            assert check.call_count == 1 and len(failures) == 1
            signed_in = authenticate(_sign_in_request(), username=user.username,
                                     password="right-password-123")
    finally:
        user_login_failed.disconnect(receiver)
    assert signed_in == user
    assert signed_in.backend == "scheduler.platform.signed_in.PreparedModelBackend"  # type: ignore[attr-defined]
