from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "wijkteam.organisations"
    label = "organisations"
