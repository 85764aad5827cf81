from django.apps import AppConfig


class SteeringConfig(AppConfig):
    name = "wijkteam.steering"
    label = "steering"
