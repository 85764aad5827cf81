from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "wijkteam.privacy"
    label = "privacy"
