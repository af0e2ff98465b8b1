import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from scheduler.models import ApiToken, User
from scheduler.platform.auth import token_create, user_for_token
from scheduler.platform.roles import Role
from tests.rows import column_values

pytestmark = pytest.mark.django_db


def _csrf_post(client: Client, url: str, data: dict) -> Any:
    client.get("/account/security/")  # sets the CSRF cookie, as the browser's page load does
    return client.post(url, content_type="application/json", data=data,
                       headers={"X-CSRFToken": client.cookies["csrftoken"].value})


def test_a_signed_in_user_creates_a_token_that_then_authenticates(browser_client_for,
                                                                    make_user):
    user = make_user(Role.FACILITATOR)

    created = _csrf_post(browser_client_for(user), "/api/me/tokens", {"name": "Riverside tablet"})

    raw = created.json()["token"]
    assert created.status_code == 201
    assert ApiToken.objects.get(pk=created.json()["id"]).digest != raw
    me = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/me")
    assert me.json()["username"] == user.username


def test_token_list_shows_only_my_tokens_and_never_a_secret(client_for, make_user):
    mine, other = make_user(Role.FACILITATOR), make_user(Role.FACILITATOR)
    client_for(other)  # gives `other` a token too

    listed = client_for(mine).get("/api/me/tokens").json()

    assert [(t["name"], "token" in t) for t in listed["items"]] == [("test", False)]


def test_revoking_my_token_stops_it_and_others_tokens_are_404(client_for, make_user):
    mine, other = make_user(Role.FACILITATOR), make_user(Role.COORDINATOR)
    client = client_for(mine)
    token_id = client.get("/api/me/tokens").json()["items"][0]["id"]
    others_id = ApiToken.objects.create(user=other, name="x", digest="d" * 64, prefix="p").pk

    assert client_for(mine).delete(f"/api/me/tokens/{others_id}").status_code == 404
    assert client.delete(f"/api/me/tokens/{token_id}").status_code == 204
    assert client.get("/api/me").status_code == 401


def test_token_name_is_required(client_for, make_user):
    response = client_for(make_user(Role.MANAGER)).post(
        "/api/me/tokens", content_type="application/json", data={"name": ""})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "name"


def test_create_api_token_command_prints_a_working_token(make_user):
    user = make_user(Role.COORDINATOR)
    out = io.StringIO()

    call_command("create_api_token", user.username, "--name", "reporting script", stdout=out)

    raw = out.getvalue().splitlines()[-1]
    assert Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/me").status_code == 200


def test_create_api_token_command_refuses_an_unknown_user():
    with pytest.raises(CommandError):
        call_command("create_api_token", "nobody")


def test_a_token_cannot_issue_another_token(client_for, make_user):
    response = client_for(make_user(Role.COORDINATOR)).post(
        "/api/me/tokens", content_type="application/json", data={"name": "copy"})

    assert response.status_code == 403
    assert "two-step verification" in response.json()["detail"]
    assert ApiToken.objects.count() == 1  # only the client's own


def test_a_password_only_session_cannot_issue_a_token(make_user):
    manager = make_user(Role.MANAGER)  # may work without two-step verification, but not mint
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)

    response = _csrf_post(client, "/api/me/tokens", {"name": "script"})

    assert response.status_code == 403
    assert not ApiToken.objects.exists()


def test_a_deactivated_users_token_stops_working(client_for, make_user):
    user = make_user(Role.FACILITATOR)
    client = client_for(user)
    assert client.get("/api/me").status_code == 200

    User.objects.filter(pk=user.pk).update(is_active=False)

    assert client.get("/api/me").status_code == 401


def test_a_token_gives_the_whole_user_as_the_orm_reads_it(make_user):
    user = make_user(Role.COORDINATOR)
    _, raw = token_create(user=user, name="hall tablet")

    found = user_for_token(raw)

    orm = User.objects.get(pk=user.pk)
    assert found is not None
    assert column_values(found) == column_values(orm)
    assert user_for_token(raw + "x") is None


def test_a_tokens_last_use_is_noted_at_most_every_five_minutes(make_user):
    token, raw = token_create(user=make_user(Role.FACILITATOR), name="hall tablet")
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        user_for_token(raw)
    with time_machine.travel(start + dt.timedelta(minutes=4), tick=False):
        user_for_token(raw)
    token.refresh_from_db()
    noted = token.last_used_at
    with time_machine.travel(start + dt.timedelta(minutes=6), tick=False):
        user_for_token(raw)
    token.refresh_from_db()

    assert noted == start
    assert token.last_used_at == start + dt.timedelta(minutes=6)
