from django.apps import AppConfig


class LifeDomainsConfig(AppConfig):
    """No models: the vocabulary of life domains and its Dutch labels (its own catalogue)."""

    name = "wijkteam.lifedomains"
    label = "lifedomains"
