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
        from attendance import sections  # in ready(): it imports the models
        from attendance.return_sections import register_section  # same

        register_section("a-referrals", sections.referrals_section)
        register_section("b-assessments", sections.assessments_section)
        register_section("c-sessions", sections.sessions_section)
