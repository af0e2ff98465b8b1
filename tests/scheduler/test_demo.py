import pytest

from scheduler.demo.calendar import seed_demo
from scheduler.models import Closure, Room, Term, Venue

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_has_one_confidential_venue():
    first = seed_demo()
    second = seed_demo()

    assert [v.pk for v in first["venues"]] == [v.pk for v in second["venues"]]
    assert (Venue.objects.count(), Room.objects.count(), Term.objects.count(),
            Closure.objects.count()) == (3, 7, 3, 1)
    assert Venue.objects.filter(is_confidential=True).count() == 1
