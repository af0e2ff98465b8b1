from django.apps import AppConfig


class AttendanceConfig(AppConfig):
    name = "attendance"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Register attendance as programmes' source of outcomes (programmes.outcome_seam)."""
        from attendance import derivation  # in ready(): app modules need the model registry
        from programmes.outcome_seam import register_outcome_source  # same: after models load

        register_outcome_source(derivation)
