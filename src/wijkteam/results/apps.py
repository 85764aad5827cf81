from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "wijkteam.results"
    label = "results"
