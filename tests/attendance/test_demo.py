import datetime as dt

import pytest
from django.utils import timezone

from attendance.demo import seed_demo
from attendance.models import Mark, Register
from scheduler.platform.roles import Role
from tests.factories import EnrolmentFactory, GroupRunFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_seed_demo_takes_registers_for_past_sessions_once():
    run = GroupRunFactory.create()
    joined = timezone.now() - dt.timedelta(days=60)
    EnrolmentFactory.create_batch(6, run=run, joined_at=joined)
    start = timezone.now() - dt.timedelta(days=14)
    past = [SessionFactory.create(run=run, starts_at=start + dt.timedelta(days=7 * i),
                                  ends_at=start + dt.timedelta(days=7 * i, hours=2))
            for i in range(2)]
    future = SessionFactory.create(run=run, starts_at=start + dt.timedelta(days=21),
                                   ends_at=start + dt.timedelta(days=21, hours=2))
    coordinator = UserFactory.create(role=Role.COORDINATOR)

    first = seed_demo(sessions=[*past, future], by=coordinator)
    again = seed_demo(sessions=[*past, future], by=coordinator)

    assert (first, again) == (2, 0)
    assert Register.objects.count() == 2
    assert Mark.objects.count() == 12
    assert {"present", "absent"} <= set(Mark.objects.values_list("status", flat=True))
