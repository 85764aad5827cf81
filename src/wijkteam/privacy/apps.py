from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "wijkteam.privacy"
    label = "privacy"

    def ready(self) -> None:
        from wijkteam.privacy.rules import load_all

        load_all()

        from django.db.backends.signals import connection_created

        from wijkteam.privacy.dbguard import register

        connection_created.connect(register, dispatch_uid="privacy_accesslog_guard")
