"""Response headers that keep special-category data out of caches and shut unused browser APIs.

Content-Security-Policy itself comes from django-csp (settings.CONTENT_SECURITY_POLICY); this
middleware adds what it does not: Permissions-Policy, and `Cache-Control: no-store` on every
dynamic response (pages, API, errors), since nearly all of them carry personal data and a
shared tablet or a proxy must never keep a copy. Static files never reach it: whitenoise
answers them first, with their own long-lived caching.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# Nothing in Groupwork uses these; a compromised script must not either.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
    "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get",
    "screen-wake-lock", "serial", "usb", "xr-spatial-tracking", "browsing-topics",
))


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers["Cache-Control"] = "no-store"
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response
