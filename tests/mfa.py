"""Two-step verification for tests, through django-otp's own mechanism (not a bypass).

`verify_client` marks a signed-in test client's session verified exactly as
`django_otp.login` does (the device's persistent id under DEVICE_ID_SESSION_KEY);
`current_code` computes the code an authenticator app would show for a device, for typing
into the real verify form.
"""

from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from scheduler.models.accounts import User
from scheduler.platform.mfa import mfa_required


def totp_device(user: User) -> TOTPDevice:
    """The user's confirmed TOTP device, made if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="test phone", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The code the device's app shows now. django-otp accepts each time step once: a test
    signing in again within 30 s starts the device afresh, as waiting for the next code would."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if device.last_t >= totp.t() or device.throttling_failure_count:
        TOTPDevice.objects.filter(pk=device.pk).update(
            last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None)
    return f"{totp.token():0{device.digits}d}"


def verify_client(client: Client, user: User) -> None:
    """Mark this client's (already signed-in) session as having passed the second factor."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
    session.save()


def force_login_verified(client: Client, user: User) -> Client:
    """force_login, then the second factor where the user's role requires it."""
    client.force_login(user)
    if mfa_required(user):
        verify_client(client, user)
    return client


def device_for_sign_in(username: str) -> TOTPDevice | None:
    """For the browser sign-in helper: the device whose code to type, if the user needs one."""
    user = User.objects.filter(username=username).first()
    if user is None or not (mfa_required(user) or TOTPDevice.objects.filter(user=user).exists()):
        return None
    return totp_device(user)
