from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wijkteam.accounts"
    label = "accounts"

    def ready(self) -> None:
        from wijkteam.accounts import checks  # noqa: F401
