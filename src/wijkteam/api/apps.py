from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "wijkteam.api"
    label = "api"
