import pytest

from scheduler.platform.auth import token_create, token_revoke
from scheduler.platform.roles import Role

pytestmark = pytest.mark.django_db


def test_login_page_renders_a_form(client):
    response = client.get("/login/")

    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_home_redirects_anonymous_visitors_to_login(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_openapi_schema_needs_authentication(client):
    assert client.get("/api/openapi.json").status_code == 401


def test_openapi_schema_is_served_to_a_token_holder(client_for, make_user):
    response = client_for(make_user(Role.COORDINATOR)).get("/api/openapi.json")

    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Groupwork API"


def test_revoked_token_is_refused(client, make_user):
    token, raw = token_create(user=make_user(Role.COORDINATOR), name="laptop")
    token_revoke(token=token)

    response = client.get("/api/openapi.json", headers={"Authorization": f"Bearer {raw}"})

    assert response.status_code == 401


def test_me_answers_a_token_holder_with_their_role(client_for, make_user):
    user = make_user(Role.FACILITATOR)

    response = client_for(user).get("/api/me")

    assert response.json() == {"username": user.username, "display_name": user.display_name,
                               "role": "facilitator"}


def test_me_refuses_an_anonymous_caller(client):
    assert client.get("/api/me").status_code == 401



def test_api_docs_page_uses_bundled_assets_not_a_cdn(browser_client_for, make_user):
    response = browser_client_for(make_user(Role.COORDINATOR)).get("/api/docs")

    page = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/" in page
    assert "cdn" not in page.lower()


def test_api_docs_page_needs_authentication(client):
    assert client.get("/api/docs").status_code == 401
