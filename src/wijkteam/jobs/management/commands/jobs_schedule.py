from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from wijkteam.jobs.schedules import jobs_schedule


class Command(BaseCommand):
    help = "Create or update the schedules of the recurring jobs (also done by every migrate)."

    def handle(self, *args: Any, **options: Any) -> None:
        for name in jobs_schedule():
            self.stdout.write(f"scheduled {name}")
