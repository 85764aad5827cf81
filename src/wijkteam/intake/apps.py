from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "wijkteam.intake"
    label = "intake"
