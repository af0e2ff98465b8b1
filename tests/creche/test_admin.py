import pytest
from django.contrib.auth.models import Permission

from scheduler.platform.roles import Role
from tests.creche.factories import AttendanceFactory, ChildFactory, StaffOnDutyFactory
from tests.mfa import force_login_verified

pytestmark = pytest.mark.django_db

MODELS = ["crechesession", "child", "crechebooking", "attendance", "staffqualification",
          "staffonduty"]


@pytest.mark.parametrize("model", MODELS)
def test_admin_changelist_renders(model, make_user, client):
    AttendanceFactory.create()
    StaffOnDutyFactory.create()
    force_login_verified(client, make_user(Role.ADMIN, is_staff=True, is_superuser=True))

    assert client.get(f"/admin/creche/{model}/").status_code == 200


@pytest.mark.parametrize(("role", "sees_notes"), [(Role.MANAGER, False),
                                                  (Role.COORDINATOR, True)])
def test_admin_shows_care_notes_only_to_creche_roles(role, sees_notes, make_user, client):
    child = ChildFactory.create(allergies="Peanuts")
    user = make_user(role, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_child"))
    force_login_verified(client, user)

    response = client.get(f"/admin/creche/child/{child.pk}/change/")

    assert response.status_code == 200
    assert ("Peanuts" in response.content.decode()) is sees_notes
