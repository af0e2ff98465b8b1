"""The run's crèche need is kept by programmes (GroupRun.creche_places); the crèche reads it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from creche.services import creche_session_create
from tests.factories import LONDON, GroupRunFactory, SessionFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2027, 1, 7, 10, tzinfo=LONDON)


def _session(creche_places: int):  # type: ignore[no-untyped-def]
    run = GroupRunFactory.create(creche_places=creche_places)
    return SessionFactory.create(run=run, starts_at=START, ends_at=START + dt.timedelta(hours=2))


def test_a_creche_beside_a_session_takes_the_runs_creche_places_by_default():
    session = _session(6)

    creche = creche_session_create(venue=session.run.venue, starts_at=session.starts_at,
                                   ends_at=session.ends_at, session=session)

    assert creche.capacity == 6


def test_a_run_that_needs_no_creche_gives_no_default_places():
    session = _session(0)

    with pytest.raises(ValidationError) as refused:
        creche_session_create(venue=session.run.venue, starts_at=session.starts_at,
                              ends_at=session.ends_at, session=session)

    assert "capacity" in refused.value.message_dict
