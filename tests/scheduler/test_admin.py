import pytest

from scheduler.platform.roles import Role
from tests.scheduler.factories import make_session

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["venue", "session", "termcalendar", "closure", "feedtoken",
                                  "user", "sessionchange", "schedule"])
def test_admin_changelists_render_for_a_superuser(browser_client_for, make_user, page):
    make_session()
    admin_user = make_user(Role.ADMIN, is_staff=True, is_superuser=True)

    response = browser_client_for(admin_user).get(f"/admin/scheduler/{page}/")

    assert response.status_code == 200
