from django.apps import AppConfig


class CrecheConfig(AppConfig):
    name = "creche"
    default_auto_field = "django.db.models.BigAutoField"
