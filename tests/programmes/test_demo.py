from __future__ import annotations

import pytest

from programmes.demo import seed_demo
from programmes.enums import EntryStatus
from programmes.models import (
    GroupRun,
    KeepApartLink,
    Participant,
    ProgrammeType,
    Referral,
    WaitingListEntry,
)
from programmes.services import enrolment_create
from scheduler.models import Session
from tests.factories import GroupRunFactory

pytestmark = pytest.mark.django_db


def counts():
    return (Participant.objects.count(), Referral.objects.count(),
            WaitingListEntry.objects.count(), KeepApartLink.objects.count())


def test_seed_demo_is_idempotent_and_makes_no_runs():
    first = seed_demo()
    before = counts()

    second = seed_demo()

    assert [p.pk for p in second["participants"]] == [p.pk for p in first["participants"]]
    assert counts() == before == (25, 18, 15, 1)
    assert not GroupRun.objects.exists() and not Session.objects.exists()


def test_seed_demo_flags_the_repeat_referral_and_orders_the_waiting_list_by_priority():
    seed_demo()

    repeat = Referral.objects.get(is_repeat=True)
    waiting = WaitingListEntry.objects.filter(programme__slug="freedom-programme")
    assert repeat.participant.known_as == "Primrose Demo"
    assert waiting[0].participant.known_as == "Aster Demo"


def test_seeded_men_can_be_enrolled_on_the_perpetrator_programme():
    men = seed_demo()["participants"][13:18]
    run = GroupRunFactory.create(programme=ProgrammeType.objects.get(slug="perpetrator-programme"))

    for man in men:
        enrolment_create(participant=man, run=run)

    assert not WaitingListEntry.objects.filter(participant__in=men,
                                               status=EntryStatus.WAITING).exists()
