from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "wijkteam.core"
    label = "core"
    verbose_name = "Wijkteam core"
