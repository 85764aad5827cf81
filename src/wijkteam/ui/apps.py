from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "wijkteam.ui"
    label = "ui"
