from django.apps import AppConfig


class SocialmapConfig(AppConfig):
    name = "wijkteam.socialmap"
    label = "socialmap"
