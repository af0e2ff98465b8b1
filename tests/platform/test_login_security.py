"""Sign-in security over real HTTP: lockout (django-axes), Argon2, two-step verification."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken

from scheduler.models import User
from scheduler.platform.mfa import recovery_codes_issue
from scheduler.platform.roles import Role
from tests.mfa import current_code, totp_device

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def post_login(client: Client, username: str, password: str, url: str = "/login/"):  # type: ignore[no-untyped-def]
    return client.post(url, {"username": username, "password": password})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail(client: Client, username: str, times: int = 5) -> None:
    """Wrong passwords: a form error each time, and the lockout page with the 5th."""
    codes = [post_login(client, username, "wrong password!").status_code for _ in range(times)]
    assert codes == [200] * min(times, 4) + [429] * (times - 4)


# --- lockout ----------------------------------------------------------------------------------

def test_five_failures_lock_the_username_and_the_right_password_is_then_refused(make_user):
    user, client = make_user(Role.MANAGER), Client()
    fail(client, user.username)

    response = post_login(Client(REMOTE_ADDR="10.0.0.9"), user.username, PASSWORD)  # other IP

    assert response.status_code == 429
    text = response.content.decode()
    assert "Sign-in paused" in text and "15 minutes" in text and 'class="topbar"' in text
    assert not signed_in(client)


def test_an_administrator_unlocks_the_username_with_axes_reset_username(make_user):
    user, client = make_user(Role.MANAGER), Client()
    fail(client, user.username)
    assert post_login(client, user.username, PASSWORD).status_code == 429

    call_command("axes_reset_username", user.username, stdout=io.StringIO())

    assert post_login(client, user.username, PASSWORD).status_code == 302
    assert signed_in(client)


def test_five_failures_from_one_client_lock_it_for_every_username_until_the_cool_off(make_user):
    victim, client = make_user(Role.MANAGER), Client(REMOTE_ADDR="192.0.2.7")
    for n in range(5):
        post_login(client, f"guess{n}", "wrong password!")

    assert post_login(client, victim.username, PASSWORD).status_code == 429
    assert post_login(Client(REMOTE_ADDR="192.0.2.8"), victim.username, PASSWORD).status_code == 302
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=16)):
        assert post_login(client, victim.username, PASSWORD).status_code == 302


def test_the_admin_login_is_locked_out_too(make_user):
    admin = make_user(Role.ADMIN, is_staff=True, is_superuser=True)
    client = Client()
    for _ in range(5):
        post_login(client, admin.username, "wrong password!", url="/admin/login/")

    response = post_login(client, admin.username, PASSWORD, url="/admin/login/")

    assert response.status_code == 429
    assert "Sign-in paused" in response.content.decode()


def test_a_success_before_the_limit_clears_the_count(make_user):
    user, client = make_user(Role.MANAGER), Client()
    fail(client, user.username, times=4)
    assert post_login(client, user.username, PASSWORD).status_code == 302
    client.post("/logout/")

    fail(client, user.username, times=4)
    assert post_login(client, user.username, PASSWORD).status_code == 302


# --- Argon2 -----------------------------------------------------------------------------------

@pytest.fixture
def argon2(settings):  # type: ignore[no-untyped-def]
    # Overrides the suite's fast MD5 hasher: these tests are about the real configuration.
    from scheduler import settings as project  # the configured list, not the test override

    settings.PASSWORD_HASHERS = project.PASSWORD_HASHERS


def test_argon2_is_the_first_hasher(argon2, make_user):
    user = make_user(Role.MANAGER)
    user.set_password("a new long passphrase")

    assert user.password.startswith("argon2$argon2id$")


def test_an_old_pbkdf2_hash_is_upgraded_to_argon2_at_sign_in(argon2, make_user):
    user = make_user(Role.MANAGER)
    User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))

    assert post_login(Client(), user.username, PASSWORD).status_code == 302

    user.refresh_from_db()
    assert user.password.startswith("argon2$")
    assert post_login(Client(), user.username, PASSWORD).status_code == 302  # still works


# --- two-step verification --------------------------------------------------------------------

def password_only(user: User) -> Client:
    client = Client()
    assert post_login(client, user.username, PASSWORD).status_code == 302
    return client


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.FACILITATOR, Role.CRECHE_WORKER])
def test_a_password_alone_reaches_only_the_enrolment_page(role, make_user):
    client = password_only(make_user(role))

    for path in ["/", "/programmes/", "/calendar/", "/account/security/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/account/mfa/setup/?next=")
    api = client.get("/api/me")
    assert api.status_code == 403 and "Two-step verification" in api.json()["detail"]
    assert client.get("/account/mfa/setup/").status_code == 200


def test_an_administrator_without_the_second_factor_cannot_reach_pages_or_the_admin(make_user):
    admin = make_user(Role.ADMIN, is_staff=True, is_superuser=True)
    totp_device(admin)
    client = password_only(admin)

    for path in ["/", "/admin/", "/admin/scheduler/user/", "/api/me"]:
        response = client.get(path)
        assert response.status_code in {302, 403}, path
        if response.status_code == 302:
            assert response["Location"].startswith("/account/mfa/verify/?next=")
    assert client.post("/logout/").status_code == 302  # signing out is always open


def test_the_admin_login_also_leads_to_the_verify_step(make_user):
    admin = make_user(Role.ADMIN, is_staff=True, is_superuser=True)
    device = totp_device(admin)
    client = Client()
    post_login(client, admin.username, PASSWORD, url="/admin/login/")
    assert client.get("/admin/")["Location"].startswith("/account/mfa/verify/")

    verified = client.post("/account/mfa/verify/", {"code": current_code(device),
                                                    "next": "/admin/"})

    assert verified["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_coordinator_with_the_code_reaches_pages_and_a_wrong_code_is_a_form_error(make_user):
    coordinator = make_user(Role.COORDINATOR)
    device = totp_device(coordinator)
    client = password_only(coordinator)

    wrong = client.post("/account/mfa/verify/", {"code": "000000", "next": "/programmes/"})
    assert wrong.status_code == 200 and "did not match" in wrong.content.decode()
    assert client.get("/programmes/").status_code == 302

    device.throttling_failure_count = 0  # django-otp throttles after a failure; the user waits
    device.save()
    right = client.post("/account/mfa/verify/", {"code": current_code(device),
                                                 "next": "/programmes/"})
    assert right["Location"] == "/programmes/"
    assert client.get("/programmes/").status_code == 200
    assert client.get("/api/me").status_code == 200


def test_the_verify_step_refuses_an_offsite_next(make_user):
    coordinator = make_user(Role.COORDINATOR)
    device = totp_device(coordinator)
    client = password_only(coordinator)

    response = client.post("/account/mfa/verify/", {"code": current_code(device),
                                                    "next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_a_manager_works_without_two_step_verification(make_user):
    client = password_only(make_user(Role.MANAGER))

    assert client.get("/").status_code == 200
    assert client.get("/attendance/reports/quarterly/").status_code != 302


def test_a_manager_who_enrolled_is_asked_for_the_code(make_user):
    manager = make_user(Role.MANAGER)
    totp_device(manager)
    client = password_only(manager)

    assert client.get("/")["Location"].startswith("/account/mfa/verify/")


def test_a_recovery_code_works_once(make_user):
    coordinator = make_user(Role.COORDINATOR)
    totp_device(coordinator)
    code = recovery_codes_issue(user=coordinator)[0]

    first = password_only(coordinator)
    assert first.post("/account/mfa/verify/", {"code": code})["Location"] == "/"
    assert first.get("/").status_code == 200
    assert StaticToken.objects.filter(device__user=coordinator).count() == 9

    again = password_only(coordinator)
    assert again.post("/account/mfa/verify/", {"code": code}).status_code == 200  # refused
    assert again.get("/")["Location"].startswith("/account/mfa/verify/")


def test_a_password_alone_cannot_replace_an_enrolled_device(make_user):
    coordinator = make_user(Role.COORDINATOR)
    device = totp_device(coordinator)
    client = password_only(coordinator)

    response = client.get("/account/mfa/setup/")

    assert response["Location"].startswith("/account/mfa/verify/")
    assert list(coordinator.totpdevice_set.values_list("pk", flat=True)) == [device.pk]


def test_mfa_reset_makes_the_user_enrol_again(make_user):
    coordinator = make_user(Role.COORDINATOR)
    totp_device(coordinator)
    recovery_codes_issue(user=coordinator)
    out = io.StringIO()

    call_command("mfa_reset", coordinator.username, stdout=out)

    assert "Removed 2 device(s)" in out.getvalue()
    assert password_only(coordinator).get("/")["Location"].startswith("/account/mfa/setup/")


def test_the_admin_action_resets_two_step_verification(make_user, browser_client_for):
    admin = make_user(Role.ADMIN, is_staff=True, is_superuser=True)
    coordinator = make_user(Role.COORDINATOR)
    totp_device(coordinator)
    client = Client()
    client.force_login(admin)
    from tests.mfa import verify_client  # noqa: PLC0415  # kept next to its one use

    verify_client(client, admin)

    response = client.post("/admin/scheduler/user/", {
        "action": "reset_two_step", "_selected_action": [coordinator.pk]})

    assert response.status_code == 302
    assert not coordinator.totpdevice_set.exists()
