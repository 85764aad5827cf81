from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "wijkteam.casework"
    label = "casework"
