from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wijkteam.privacy import chain


class Command(BaseCommand):
    help = "Chain (seal) access-log rows older than the minimum age. Run every minute."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--min-age-seconds", type=int, default=int(chain.SEAL_MIN_AGE.total_seconds())
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = chain.seal(min_age=dt.timedelta(seconds=options["min_age_seconds"]))
        self.stdout.write(f"sealed {count} access-log rows")
