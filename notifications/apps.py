from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core import checks  # in ready(): registering checks is its documented place

        from notifications.checks import check_neutral_sender  # reads settings once apps load

        checks.register(check_neutral_sender)
