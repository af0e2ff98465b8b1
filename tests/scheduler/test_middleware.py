import pytest

from scheduler.platform.roles import Role

pytestmark = pytest.mark.django_db


def test_api_query_with_a_nul_character_is_a_field_level_422(client_for, make_user):
    response = client_for(make_user(Role.COORDINATOR)).get("/api/terms", {"locality": "Leic\x00"})

    assert response.status_code == 422
    assert response.json() == {"detail": [{"loc": ["query", "locality"],
                                           "msg": "Must not contain NUL characters.",
                                           "type": "value_error"}]}


def test_page_query_with_a_nul_character_is_a_400(browser_client_for, make_user):
    client = browser_client_for(make_user(Role.COORDINATOR))

    response = client.get("/calendar/", {"venue": "1\x00"})

    assert response.status_code == 400


def test_ordinary_query_passes_through(client_for, make_user):
    response = client_for(make_user(Role.COORDINATOR)).get("/api/terms", {"locality": "Rutland"})

    assert response.status_code == 200


def test_api_body_with_a_nul_character_is_a_field_level_422(client_for, make_user):
    response = client_for(make_user(Role.FACILITATOR)).post(
        "/api/me/tokens", content_type="application/json", data={"name": "tab\x00let"})

    assert response.status_code == 422
    assert response.json() == {"detail": [{"loc": ["body", "name"],
                                           "msg": "Must not contain NUL characters.",
                                           "type": "value_error"}]}


def test_nul_paths_name_nested_fields():
    from scheduler.platform.middleware import nul_paths

    body = {"marks": [{"client_nonce": "ok"}, {"client_nonce": "a\x00"}], "note": "fine"}

    assert list(nul_paths(body)) == ["marks.1.client_nonce"]


def test_api_body_nul_inside_a_list_names_the_item(client_for, make_user):
    response = client_for(make_user(Role.FACILITATOR)).put(
        "/api/sessions/1/register", content_type="application/json",
        data={"marks": [{"enrolment_id": 1, "status": "present", "client_nonce": "n\x00"}]})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "marks", "0", "client_nonce"]


def test_unroutable_api_path_is_a_json_404(client_for, make_user):
    response = client_for(make_user(Role.COORDINATOR)).get("/api/no-such-resource")

    assert (response.status_code, response.json()) == (404, {"detail": "Not Found"})


def test_unroutable_page_is_an_html_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
