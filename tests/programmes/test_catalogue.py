"""The catalogue shipped by the data migration (rows a provider may edit afterwards)."""

from __future__ import annotations

import pytest

from programmes.models import ProgrammeType

pytestmark = pytest.mark.django_db


def test_catalogue_slugs_shapes_and_output_categories():
    rows = {p.slug: (p.delivery, p.audience, p.output_category)
            for p in ProgrammeType.objects.all()}

    assert rows == {
        "freedom-programme": ("rolling", "women", "freedom"),
        "recovery-toolkit": ("closed", "women", "recovery_toolkit"),
        "respect-young-peoples-toolkit": ("closed", "young_people", "respect"),
        "perpetrator-programme": ("closed", "men", "perpetrator"),
        "drop-in": ("drop_in", "mixed", "drop_in"),
        "training-awareness": ("one_off", "practitioners", "training"),
        "community-event": ("one_off", "public", "community_event"),
    }


def test_catalogue_completion_rules():
    rules = {p.slug: (p.completion_min_sessions, p.completion_min_percent,
                      p.completion_requires_final, p.completion_all_core_topics)
             for p in ProgrammeType.objects.all()}

    assert rules["freedom-programme"] == (None, None, False, True)
    assert rules["recovery-toolkit"] == (None, 75, True, False)
    assert rules["perpetrator-programme"] == (22, None, False, False)
    assert rules["respect-young-peoples-toolkit"] == (None, 75, False, False)


def test_freedom_programme_has_twelve_ordered_core_topics_and_optional_referral():
    freedom = ProgrammeType.objects.get(slug="freedom-programme")
    titles = [t.title for t in freedom.topics.all()]

    assert len(titles) == 12 and all(t.is_core for t in freedom.topics.all())
    assert {"The Bully", "The Jailer", "The Headworker", "The Persuader", "The Liar",
            "The Bad Father", "King of the Castle", "The Sexual Controller",
            "Effects on children"} <= set(titles)
    assert (freedom.requires_referral, freedom.requires_assessment) == (False, False)


def test_perpetrator_programme_needs_referral_and_assessment():
    dapp = ProgrammeType.objects.get(slug="perpetrator-programme")

    assert (dapp.requires_referral, dapp.requires_assessment, dapp.session_count) == (
        True, True, 26)
