from django.apps import AppConfig


class CrecheConfig(AppConfig):
    name = "creche"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Follow the parent's place (programmes.place_hooks) and sessions
        (scheduler.calendar.change_hooks): one booking for parent and child; contribute the
        crèche section to the quarterly return (attendance.return_sections)."""
        from attendance.return_sections import register_section  # in ready(): after models
        from creche.return_section import creche_section  # same: it imports the models
        from creche.services import places  # in ready(): app modules need the model registry
        from programmes import place_hooks  # same: imported once the models are loaded
        from scheduler.calendar import change_hooks  # same: imported once the models are loaded

        place_hooks.on_place_taken(places.on_place_taken)
        place_hooks.on_place_released(places.on_place_released)
        change_hooks.on_session_changed(places.on_session_changed)
        register_section("creche", creche_section)
