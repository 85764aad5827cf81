from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ship_after_migrate(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """The shipped unit costs, "what was prevented" list and CBS CPI series are data
    migrations; a flush (``manage.py flush``, every transactional test) removes them and then
    sends ``post_migrate``. Ship them again when they are missing, once the migrations that
    made them are applied (never ahead of a migration that would ship them itself)."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from wijkteam.results.shipped import ensure_shipped

    applied = MigrationRecorder(connections[using]).applied_migrations()
    if ("results", "0004_index_verified") in applied:
        ensure_shipped()


class ResultsConfig(AppConfig):
    name = "wijkteam.results"
    label = "results"

    def ready(self) -> None:
        post_migrate.connect(_ship_after_migrate, sender=self)
