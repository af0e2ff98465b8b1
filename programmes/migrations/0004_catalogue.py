"""The starting catalogue of programme types (docs: /work/shared/domain.md section 1).

This is data, not code: a provider edits any of these rows in the admin or through
PATCH /api/programmes/{id} and the completion engine reads the new rule on the next refresh.
Rows that already exist (matched by slug) are left untouched, so re-running never overwrites a
provider's edits. Thresholds marked [our default] have no published source.
"""

from django.db import migrations

FREEDOM_TOPICS = [
    "The Dominator: introduction",
    "The Bully",
    "The Headworker",
    "The Jailer",
    "The Bad Father",
    "The Persuader",
    "The Liar",
    "King of the Castle",
    "The Sexual Controller",
    "Effects on children",
    "The Friend",
    "Looking forward",
]

CATALOGUE = [
    {
        "slug": "freedom-programme", "name": "Freedom Programme", "audience": "women",
        "delivery": "rolling", "output_category": "freedom", "session_count": 12,
        "session_minutes": 120, "min_group_size": 4, "max_group_size": 14,
        # Its founder opposes compulsory referral and risk assessment: both optional.
        "requires_referral": False, "requires_assessment": False,
        # Rolling: join any week; complete once every core topic is covered, in any order.
        "completion_all_core_topics": True, "catch_ups_allowed": True,
    },
    {
        "slug": "recovery-toolkit", "name": "Recovery Toolkit", "audience": "women",
        "delivery": "closed", "output_category": "recovery_toolkit", "session_count": 12,
        "session_minutes": 120, "min_group_size": 4, "max_group_size": 12,
        "requires_referral": False, "requires_assessment": True,
        # [our default] no published definition: at least 75 % of sessions AND the final one
        # (the weeks build on each other, and the last session closes the group).
        "completion_min_percent": 75, "completion_requires_final": True,
        "max_consecutive_misses": 2, "catch_ups_allowed": True,  # [our default]
    },
    {
        "slug": "respect-young-peoples-toolkit", "name": "Respect Young People's Toolkit",
        "audience": "young_people", "delivery": "closed", "output_category": "respect",
        "age_min": 11, "age_max": 18, "session_count": None, "session_minutes": 90,
        "requires_referral": True, "requires_assessment": False,
        # No fixed length; [our default] at least 75 % of the run's sessions.
        "completion_min_percent": 75, "catch_ups_allowed": True,
    },
    {
        "slug": "perpetrator-programme", "name": "26-week perpetrator programme",
        "audience": "men", "delivery": "closed", "output_category": "perpetrator",
        "age_min": 18, "session_count": 26, "session_minutes": 150,
        "min_group_size": 8, "max_group_size": 12,
        "requires_referral": True, "requires_assessment": True,
        # Seed 000 Lot 4 "at least 26 weeks"; Home Office 2023 standards "at least 22 weeks":
        # [our default] complete at 22 of the 26 sessions, catch-ups counted.
        "completion_min_sessions": 22, "max_consecutive_misses": 2, "max_total_misses": 4,
        "catch_ups_allowed": True,
    },
    {
        "slug": "drop-in", "name": "Drop-in", "audience": "mixed", "delivery": "drop_in",
        "output_category": "drop_in", "session_count": None, "session_minutes": 120,
        # No enrolment, so no starters or completers: attendances are counted.
    },
    {
        "slug": "training-awareness", "name": "Training & awareness",
        "audience": "practitioners", "delivery": "one_off", "output_category": "training",
        "session_count": 1, "session_minutes": 180,
    },
    {
        "slug": "community-event", "name": "Community event", "audience": "public",
        "delivery": "one_off", "output_category": "community_event", "session_count": 1,
        "session_minutes": 180,
    },
]


def load_catalogue(apps, schema_editor):
    ProgrammeType = apps.get_model("programmes", "ProgrammeType")
    Topic = apps.get_model("programmes", "Topic")
    for row in CATALOGUE:
        fields = dict(row)
        slug = fields.pop("slug")
        programme, created = ProgrammeType.objects.get_or_create(slug=slug, defaults=fields)
        if created and slug == "freedom-programme":
            Topic.objects.bulk_create(
                Topic(programme=programme, order=i, title=title, is_core=True)
                for i, title in enumerate(FREEDOM_TOPICS, start=1))


class Migration(migrations.Migration):

    dependencies = [("programmes", "0003_journey")]

    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
