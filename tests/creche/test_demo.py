import pytest

from creche.demo import seed_demo
from creche.models import CrecheBooking, CrecheSession, StaffQualification
from scheduler.platform.roles import Role
from tests.factories import ParticipantFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_children_creches_bookings_and_a_qualified_worker():
    created = seed_demo(parents=ParticipantFactory.create_batch(3),
                        sessions=SessionFactory.create_batch(2),
                        staff=[UserFactory.create(role=Role.CRECHE_WORKER)])

    # 3 children + 6 collectors + 1 never-collect + 2 crèches + 1 qualification + 6 bookings
    assert created == 19
    assert (CrecheSession.objects.count(), CrecheBooking.objects.count(),
            StaffQualification.objects.get().level_6_qualified) == (2, 6, True)


def test_seed_demo_is_idempotent():
    parents = ParticipantFactory.create_batch(3)
    sessions = SessionFactory.create_batch(2)
    staff = [UserFactory.create(role=Role.CRECHE_WORKER)]
    seed_demo(parents=parents, sessions=sessions, staff=staff)

    assert seed_demo(parents=parents, sessions=sessions, staff=staff) == 0
