import pytest
from django.utils import timezone

from creche.demo import seed_demo
from creche.models import CrecheBooking, CrecheSession, NeverCollect, StaffQualification
from creche.ratios import age_band
from scheduler.platform.roles import Role
from tests.factories import ParticipantFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def arranged():  # type: ignore[no-untyped-def]
    return {"parents": ParticipantFactory.create_batch(3),
            "sessions": SessionFactory.create_batch(2),
            "staff": [UserFactory.create(role=Role.CRECHE_WORKER),
                      UserFactory.create(role=Role.CRECHE_WORKER),
                      UserFactory.create(role=Role.COORDINATOR)]}


def test_seed_demo_puts_a_staffed_creche_today_beside_a_group_session():
    seed_demo(**arranged())

    today = timezone.localdate()
    creche = next(c for c in CrecheSession.objects.select_related("session")
                  if timezone.localdate(c.starts_at) == today)
    bookings = list(CrecheBooking.objects.filter(creche_session=creche).select_related("child"))
    assert creche.session is not None and timezone.localdate(creche.session.starts_at) == today
    assert len({str(age_band(b.child.date_of_birth, today)) for b in bookings}) == 3
    assert NeverCollect.objects.filter(child__in=[b.child for b in bookings]).exists()
    assert [d.user.role for d in creche.staff_on_duty.all()] == [Role.CRECHE_WORKER]
    assert StaffQualification.objects.count() == 2  # both first aiders, one level 6
    assert StaffQualification.objects.filter(level_6_qualified=True).count() == 1


def test_seed_demo_is_idempotent():
    kwargs = arranged()
    first = seed_demo(**kwargs)

    assert first > 0
    assert seed_demo(**kwargs) == 0
