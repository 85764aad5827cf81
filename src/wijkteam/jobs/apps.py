from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _schedules_after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    from wijkteam.jobs import schedules

    schedules.jobs_schedule(using=kwargs.get("using", "default"))


class JobsConfig(AppConfig):
    """Background work on django-q2: the schedules, the tasks and the busy-database answer."""

    name = "wijkteam.jobs"
    label = "jobs"
    verbose_name = "Wijkteam background jobs"

    def ready(self) -> None:
        # Every `migrate` (a fresh demo, each production deploy) creates or updates the
        # schedules, so nobody has to add them by hand.
        post_migrate.connect(_schedules_after_migrate, sender=self)
