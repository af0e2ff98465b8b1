from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    name = "scheduler"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.core import checks  # in ready(): registering checks is its documented place

        from scheduler.platform.crypto import (  # reads settings once apps load
            check_field_keys,
            check_no_dev_keys,
        )

        checks.register(check_field_keys)
        checks.register(check_no_dev_keys, deploy=True)
