"""API authentication: the browser's session (with CSRF) or a per-user bearer token."""

from __future__ import annotations

import secrets
from datetime import timedelta
from functools import wraps
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from scheduler.models import ApiToken, User
from scheduler.models.accounts import token_digest

TOKEN_PREFIX = "gw_"


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(digest=token_digest(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if api_token is None:
            return None
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at > timedelta(minutes=5):
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        return api_token.user


class ActiveSessionAuth(SessionAuth):
    """Django's session login; ninja enforces CSRF for cookie-authenticated unsafe methods."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        return user if user.is_authenticated and user.is_active else None


API_AUTH = [BearerTokenAuth(), ActiveSessionAuth()]


def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Issue a token; the raw value is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, digest=token_digest(raw),
                                    prefix=raw[len(TOKEN_PREFIX):][:8])
    return token, raw


def token_revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def login_required_json(view):  # type: ignore[no-untyped-def]
    """For the OpenAPI schema and docs: the API's shape is not public."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        user = None
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            user = BearerTokenAuth().authenticate(request, header[7:].strip())
        elif request.user.is_authenticated:
            user = request.user
        if user is None:
            return JsonResponse({"detail": "Authentication required"}, status=401)
        return view(request, *args, **kwargs)

    return wrapper
