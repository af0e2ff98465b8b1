from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "attendance"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register attendance as programmes' source of outcomes (programmes.outcome_seam) and
        its own sections of the quarterly return."""
        from attendance import derivation  # in ready(): app modules need the model registry
        from programmes.outcome_seam import register_outcome_source  # same: after models load

        register_outcome_source(derivation)
        from attendance import (  # in ready(): they import the models
            counts,
            sections,
            voice_sections,
        )
        from attendance.locks import publication_check_register  # same: after models load
        from attendance.publication import quarter_is_published  # same
        from attendance.return_sections import register_section  # same

        # A register locks once the quarter it falls in has been published.
        publication_check_register(lambda day: quarter_is_published(day=day))
        register_section("a-referrals", sections.referrals_section)
        register_section("b-assessments", sections.assessments_section)
        register_section("c-sessions", sections.sessions_section)
        register_section("d-completion", counts.completion_section)
        register_section("e-waiting", counts.waiting_section)
        register_section("f-training", counts.training_section)
        register_section("g-outcomes", counts.outcomes_section)
        register_section("v-access-next-steps", voice_sections.access_and_next_steps_section)
        register_section("w-voice", voice_sections.voice_section)
