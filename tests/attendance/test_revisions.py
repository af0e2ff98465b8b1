"""Changes to locked registers are flagged to the manager, without names."""

import datetime as dt

import pytest
from django.utils import timezone

from attendance.services import MarkInput, register_submit
from scheduler.platform.roles import Role
from tests.factories import EnrolmentFactory, SessionFactory

pytestmark = pytest.mark.django_db


def amended_session(facilitator, known_as="Sam"):
    old = timezone.now() - dt.timedelta(days=30)
    session = SessionFactory.create(run__facilitators=[facilitator], starts_at=old,
                                    ends_at=old + dt.timedelta(hours=2))
    a = EnrolmentFactory.create(run=session.run, participant__known_as=known_as)
    register_submit(session=session, by=facilitator, marks=[MarkInput(a.pk, "absent", "1")],
                    now=old + dt.timedelta(hours=3))
    register_submit(session=session, by=facilitator, marks=[MarkInput(a.pk, "present", "2")],
                    reason="Sheet found")
    return session


def test_the_manager_sees_changes_made_after_a_register_locked(facilitator, make_user,
                                                               browser_client_for):
    amended_session(facilitator, known_as="Zebedee")

    response = browser_client_for(make_user(Role.MANAGER)).get("/attendance/revisions/")

    assert response.status_code == 200
    assert response.context["total"] == 1
    assert "Absent → Present".encode() in response.content and b"Sheet found" in response.content
    assert b"Zebedee" not in response.content


@pytest.mark.parametrize("count", [1, 3])
def test_the_revisions_page_has_a_fixed_number_of_queries(count, facilitator, make_user,
                                                          browser_client_for,
                                                          django_assert_max_num_queries):
    for _ in range(count):
        amended_session(facilitator)
    client = browser_client_for(make_user(Role.MANAGER))

    with django_assert_max_num_queries(8):
        assert client.get("/attendance/revisions/").status_code == 200


def test_facilitators_may_not_open_the_revisions(facilitator, browser_client_for):
    assert browser_client_for(facilitator).get("/attendance/revisions/").status_code == 403
