import pytest

from scheduler.platform.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("role", "expected"), [
    (Role.FACILITATOR, ["My sessions", "Questionnaires", "Feedback"]),
    (Role.COORDINATOR, ["My sessions", "Term calendar", "Programmes", "People",
                        "Questionnaires", "Feedback", "Complaints", "Crèche",
                        "Quarterly report", "Outcomes", "Texts"]),
    (Role.CRECHE_WORKER, ["Crèche"]),
    (Role.MANAGER, ["Quarterly report", "Outcomes"]),
])
def test_home_page_navigation_offers_only_the_pages_a_role_can_open(
        browser_client_for, make_user, role, expected):
    response = browser_client_for(make_user(role)).get("/")

    assert [label for label, _url in response.context["nav_links"]] == expected


@pytest.mark.parametrize("role", list(Role))
def test_every_navigation_link_opens_for_its_role(browser_client_for, make_user, role):
    client = browser_client_for(make_user(role))

    links = client.get("/").context["nav_links"]

    assert {url: client.get(url).status_code for _label, url in links} == {
        url: 200 for _label, url in links}
