from django.apps import AppConfig


class ToolingConfig(AppConfig):
    name = "wijkteam.tooling"
    label = "tooling"
    verbose_name = "Wijkteam tooling (demo, benchmarks, fault check)"
