"""The three reads behind every signed-in page, each one fixed statement run through
`prepared_cursor`: the session, its user and the device that verified her second factor.

Django's stock session store, `ModelBackend.get_user` and django-otp's middleware read the same
rows through the ORM: compiling three queries cost about 2.5 ms of CPU on every page, more than
a register page's own reads. These classes change only how the row is fetched; what is done
with it (expiry, `is_active`, the session hash, the device's owner and confirmation) stays the
stock code's, and tests/platform/test_signed_in.py holds each read to the ORM's.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from django.apps import apps
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

from scheduler.models.accounts import User
from scheduler.platform.raw_sql import model_columns, model_from_row, prepared_cursor


def _one(model: type[models.Model], where: str, params: list[Any]) -> Any:
    """The model's row matching `where` (a fixed condition on alias t), or None."""
    with prepared_cursor() as cursor:
        cursor.execute(_select(model, where), params)
        row = cursor.fetchone()
    return None if row is None else model_from_row(model, row)


@functools.lru_cache(maxsize=32)
def _select(model: type[models.Model], where: str) -> str:
    """The statement `_one` runs: built once, not on every page."""
    return (f"SELECT {model_columns(model, 't')} FROM {model._meta.db_table} t"  # noqa: S608
            f" WHERE {where}")  # the model's own names; values are bound


class SessionStore(db.SessionStore):
    """The database session store (SESSION_ENGINE names this module), its load prepared."""

    def _get_session_from_db(self) -> Session | None:
        try:
            session = _one(Session, "t.session_key = %s AND t.expire_date > %s",
                           [self.session_key, timezone.now()])
        except SuspiciousOperation as error:  # as the stock store: logged, no session
            logging.getLogger(f"django.security.{error.__class__.__name__}").warning(str(error))
            session = None
        if session is None:
            self._session_key = None
        return session  # type: ignore[no-any-return]


class PreparedModelBackend(ModelBackend):
    """Django's ModelBackend, the signed-in user read by primary key in one prepared
    statement.

    The stock ModelBackend stays listed after it (settings), for sessions signed in before
    this backend existed: they name the stock one, and a session whose backend is not listed
    is signed out. The sign-in page wipes a tablet's queue of taps not yet sent, so signing
    every tablet out at a deployment could lose marks. The stock backend never signs anyone
    in: a password this one refuses stops the search (PermissionDenied, Django's "stop here"),
    so a wrong password is hashed once, not once a backend."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> User | None:
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and password is not None:
            raise PermissionDenied  # the failure is signalled (and counted) once, as before
        return user  # type: ignore[return-value]

    def get_user(self, user_id: Any) -> User | None:  # type: ignore[override]
        # user_id is the session's, already the primary key's type (auth.get_user).
        user = _one(User, "t.id = %s", [user_id])
        return user if user is not None and self.user_can_authenticate(user) else None


class PreparedOTPMiddleware(OTPMiddleware):
    """django-otp's middleware, the session's verified device read in one prepared
    statement; its owner and confirmation still checked by the stock middleware."""

    def _device_from_persistent_id(self, persistent_id: str) -> Device | None:
        persistent_id = self._normalize_persistent_id(persistent_id)
        try:
            label, device_id = persistent_id.rsplit("/", 1)
            app_label, model_name = label.split(".")
            model = apps.get_model(app_label, model_name)
            pk = int(device_id)
        except (ValueError, LookupError, TypeError):  # as Device.from_persistent_id: none
            return None
        if not issubclass(model, Device):
            return None
        return _one(model, "t.id = %s", [pk])  # type: ignore[no-any-return]
