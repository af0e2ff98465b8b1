"""Two-step verification (TOTP plus single-use recovery codes) on django-otp.

Who must use it is a setting (`MFA_REQUIRED_ROLES`); staff who may enter the admin site always
must. Enrolment: `totp_pending` makes an unconfirmed device, `totp_confirm` confirms it with a
first code, replaces any older device and issues fresh recovery codes, shown once.
"""

from __future__ import annotations

from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from scheduler.models.accounts import User

TOTP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def mfa_required(user: User) -> bool:
    return bool(user.is_staff or user.is_superuser or user.role in settings.MFA_REQUIRED_ROLES)


def is_verified(request: HttpRequest) -> bool:
    """True when this request's session passed the second factor (false for bearer tokens)."""
    check = getattr(request.user, "is_verified", None)
    return bool(callable(check) and check())


def has_device(user: User) -> bool:
    return bool(user_has_device(user, confirmed=True))


def totp_pending(*, user: User) -> TOTPDevice:
    """The user's unconfirmed TOTP device, made if there is none (the secret shown at enrolment)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline SVG QR code (no script, no external image)."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=5, title="QR code"))


def secret_text(device: TOTPDevice) -> str:
    """The base32 secret in groups of four, for typing into an app by hand."""
    raw = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4))


@transaction.atomic
def totp_confirm(*, request: HttpRequest, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm enrolment with a first code; None if the code is wrong. On success the old
    devices go, 10 new recovery codes are returned (shown once) and the session is verified."""
    if not device.verify_token(code.strip().replace(" ", "")):
        return None
    user = device.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_issue(user=user)
    _mark_verified(request, device)
    return codes


@transaction.atomic
def recovery_codes_issue(*, user: User) -> list[str]:
    """Replace the user's recovery codes with fresh ones; the raw codes are returned once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.MFA_RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify(*, request: HttpRequest, code: str) -> bool:
    """Check a TOTP or recovery code (django-otp throttles repeated failures per device);
    a match marks the session verified and uses up a recovery code."""
    device = match_token(request.user, code.strip().replace(" ", ""))
    if device is None:
        return False
    _mark_verified(request, device)
    return True


def _mark_verified(request: HttpRequest, device: Device) -> None:
    otp_login(request, device)  # the session now carries the device (django_otp.login)
    request.__dict__.pop("_needs_second_factor", None)  # the per-request answer is stale


@transaction.atomic
def mfa_reset(*, user: User) -> int:
    """An administrator's reset for a lost phone: every device goes; the user enrols again at
    their next sign-in. Returns how many devices were removed."""
    totp, static = TOTPDevice.objects.filter(user=user), StaticDevice.objects.filter(user=user)
    removed = totp.count() + static.count()
    totp.delete()
    static.delete()
    return removed
