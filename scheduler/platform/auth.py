"""API authentication: the browser's session (with CSRF) or a per-user bearer token."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from scheduler.models.accounts import ApiToken, User, token_digest
from scheduler.platform.mfa_middleware import needs_second_factor
from scheduler.platform.raw_sql import model_columns, model_from_row, prepared_cursor

TOKEN_PREFIX = "gw_"


class _RoleGate:
    """Mixin: once a user is known, allow only the operation's roles (403 otherwise).

    Checked before ninja validates parameters, so a refused role learns nothing about
    the input an operation expects, and the role matrix can be tested with empty requests.
    """

    roles: tuple[str, ...] = ()

    def gate(self, user: User | None) -> User | None:
        if user is None:
            return None
        if not user.has_role(*self.roles):
            raise PermissionDenied("Your role does not allow this")
        return user


class BearerTokenAuth(_RoleGate, HttpBearer):
    def __init__(self, roles: tuple[str, ...] = ()) -> None:
        self.roles = tuple(roles)
        super().__init__()

    def __call__(self, request: HttpRequest) -> Any:
        # Unlike ninja's own, never logs a malformed Authorization header (it may be a token).
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return self.gate(user)


class ActiveSessionAuth(_RoleGate, SessionAuth):
    """Django's session login; ninja enforces CSRF for cookie-authenticated unsafe methods."""

    def __init__(self, roles: tuple[str, ...] = ()) -> None:
        self.roles = tuple(roles)
        super().__init__()

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user  # a User once signed in, else AnonymousUser
        # A session still waiting for its second factor is not signed in (the middleware
        # refuses it first; this keeps the API safe without it).
        signed_in = isinstance(user, User) and user.is_active and not needs_second_factor(request)
        return self.gate(user if signed_in else None)  # type: ignore[arg-type]


def allow(*roles: str) -> list[Any]:
    """The auth for an operation: signed in (token or session) AND one of these roles."""
    return [BearerTokenAuth(roles), ActiveSessionAuth(roles)]


# The API's default: signed-in users of no role at all, i.e. every operation that does not
# name its roles with allow(...) is refused. Deny by default.
API_AUTH = allow()


def allowed_roles(auth_callbacks: list[Any]) -> tuple[str, ...]:
    """The roles an operation admits (read by the role-matrix test)."""
    return next((cb.roles for cb in auth_callbacks if isinstance(cb, _RoleGate)), ())


# PostgreSQL: the token and its user in one prepared statement (every API call asks).
_TOKEN_USER_SQL = (
    f"SELECT t.id, t.last_used_at, {model_columns(User, 'u')}"  # noqa: S608 (models' names)
    f" FROM {ApiToken._meta.db_table} t JOIN {User._meta.db_table} u ON u.id = t.user_id"
    " WHERE t.digest = %s AND t.revoked_at IS NULL AND u.is_active")


def user_for_token(raw: str) -> User | None:
    """The active user of an unrevoked token, if the raw token is one; its last use noted
    (at most every five minutes)."""
    found = _token_user(token_digest(raw))
    if found is None:
        return None
    token_id, last_used_at, user = found
    now = timezone.now()
    if last_used_at is None or now - last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
    return user


def _token_user(digest: str) -> tuple[int, Any, User] | None:
    if connection.vendor != "postgresql":
        api_token = (ApiToken.objects.select_related("user")
                     .filter(digest=digest, revoked_at__isnull=True, user__is_active=True)
                     .first())
        return None if api_token is None else (api_token.pk, api_token.last_used_at,
                                                api_token.user)
    with prepared_cursor() as cursor:
        cursor.execute(_TOKEN_USER_SQL, [digest])
        row = cursor.fetchone()
    if row is None:
        return None
    return row[0], row[1], model_from_row(User, row[2:])


def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Issue a token; the raw value is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, digest=token_digest(raw),
                                    prefix=raw[len(TOKEN_PREFIX):][:8])
    return token, raw


def token_revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def login_required_json(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For the OpenAPI schema and docs: the API's shape is not public."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = None
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            user = user_for_token(token.strip())
        elif request.user.is_authenticated:
            user = request.user
        if user is None:
            return JsonResponse({"detail": "Authentication required"}, status=401)
        return view(request, *args, **kwargs)

    return wrapper
