import pytest

from scheduler.enums import Role

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
