import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from scheduler.models import ApiToken
from scheduler.platform.roles import Role

pytestmark = pytest.mark.django_db


def test_a_signed_in_user_creates_a_token_that_then_authenticates(client_for, make_user):
    user = make_user(Role.FACILITATOR)

    created = client_for(user).post("/api/me/tokens", content_type="application/json",
                                    data={"name": "Riverside tablet"})

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
