from django.apps import AppConfig


class TeamdesignConfig(AppConfig):
    name = "wijkteam.teamdesign"
    label = "teamdesign"
