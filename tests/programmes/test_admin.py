from __future__ import annotations

import pytest

from programmes.models import KeepApartLink
from scheduler.platform.roles import Role
from tests.factories import ParticipantFactory
from tests.mfa import force_login_verified

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.MANAGER])
def test_keep_apart_admin_is_refused_to_other_staff(role, make_user, client):
    force_login_verified(client, make_user(role, is_staff=True))

    assert client.get("/admin/programmes/keepapartlink/").status_code == 403
    assert client.get("/admin/programmes/participantidentity/").status_code == 403


def test_keep_apart_admin_stores_the_pair_in_order_whichever_way_it_is_entered(make_user,
                                                                              client):
    coordinator = make_user(Role.COORDINATOR, is_staff=True)
    force_login_verified(client, coordinator)
    first, second = ParticipantFactory.create(), ParticipantFactory.create()

    response = client.post("/admin/programmes/keepapartlink/add/", {
        "person_a": second.pk, "person_b": first.pk, "reason": "", "buffer_minutes": 60})

    assert response.status_code == 302, response.content
    link = KeepApartLink.objects.get()
    assert (link.person_a, link.person_b, link.created_by) == (first, second, coordinator)


def test_programme_admin_pages_render_for_a_superuser(make_user, client):
    force_login_verified(client, make_user(Role.ADMIN, is_staff=True, is_superuser=True))

    for url in ("/admin/programmes/programmetype/1/change/", "/admin/programmes/grouprun/",
                "/admin/programmes/enrolment/", "/admin/programmes/waitinglistentry/",
                "/admin/programmes/referral/", "/admin/programmes/keepapartlink/add/"):
        assert client.get(url).status_code == 200, url
