from __future__ import annotations

import pytest

from programmes.demo import seed_demo
from programmes.models import GroupRun, KeepApartLink, Participant, Referral, WaitingListEntry
from scheduler.models import Session

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_makes_no_runs():
    first = seed_demo()
    counts = (Participant.objects.count(), Referral.objects.count(),
              WaitingListEntry.objects.count(), KeepApartLink.objects.count())

    second = seed_demo()

    assert [p.pk for p in second["participants"]] == [p.pk for p in first["participants"]]
    assert counts == (Participant.objects.count(), Referral.objects.count(),
                      WaitingListEntry.objects.count(), KeepApartLink.objects.count())
    assert counts == (25, 6, 3, 1)
    assert not GroupRun.objects.exists() and not Session.objects.exists()


def test_seed_demo_flags_the_repeat_referral_and_orders_the_waiting_list_by_priority():
    seed_demo()

    repeat = Referral.objects.get(is_repeat=True)
    first_waiting = WaitingListEntry.objects.filter(programme__slug="freedom-programme").first()
    assert repeat.participant.known_as == "Primrose Demo"
    assert first_waiting.participant.known_as == "Aster Demo"
