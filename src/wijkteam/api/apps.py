from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "wijkteam.api"
    label = "api"

    def ready(self) -> None:
        from wijkteam.api import schema  # noqa: F401  (registers the OpenAPI extensions)
