"""Until a signed-in user who needs two-step verification has passed it, every page but the
verification pages and sign-out is out of reach: pages (the admin site included) redirect to
the verify step (or to enrolment when the user has no device yet), the API answers 403 JSON."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from scheduler.models.accounts import User
from scheduler.platform.faults import unavailable
from scheduler.platform.mfa import has_device, is_verified, mfa_required

API_REFUSAL = "Two-step verification is required: sign in with your authenticator code first"


def _open_paths() -> tuple[str, ...]:
    return ("/account/mfa/", reverse("logout"), f"/{settings.STATIC_URL.lstrip('/')}")


def needs_second_factor(request: HttpRequest) -> bool:
    """Signed in by session but not yet past the second factor it needs (worked out once
    per request: the middleware, the API's session auth and the navigation all ask)."""
    cached = getattr(request, "_needs_second_factor", None)
    if cached is None:
        cached = _needs_second_factor(request)
        request._needs_second_factor = cached  # type: ignore[attr-defined]
    return cached


def _needs_second_factor(request: HttpRequest) -> bool:
    user = request.user
    if not (user.is_authenticated and isinstance(user, User)) or is_verified(request):
        return False
    # Whoever has enrolled is asked too, even where the role does not require it.
    return mfa_required(user) or has_device(user)


class MfaRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            open_to_all = request.path.startswith(_open_paths()) or not needs_second_factor(request)
        except (OperationalError, InterfaceError):
            # The session look-up is the first query: answer the outage as views do (503).
            return unavailable(request)
        if open_to_all:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": API_REFUSAL}, status=403)
        step = "mfa_verify" if has_device(request.user) else "mfa_setup"  # type: ignore[arg-type]
        return HttpResponseRedirect(
            f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
