from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "wijkteam.privacy"
    label = "privacy"

    def ready(self) -> None:
        from wijkteam.privacy.rules import load_all

        load_all()
