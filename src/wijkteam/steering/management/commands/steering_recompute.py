"""Recompute the steering summary from the source rows; with --check, compare instead."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkteam.steering.summaries import summaries_check, summaries_refresh_all


class Command(BaseCommand):
    help = "Recompute the steering summary counts (--check: compare only, exit 1 on a difference)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="Compare, do not write.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["check"]:
            written = summaries_refresh_all()
            self.stdout.write(f"steering summary recomputed: {written} rows")
            return
        differences = summaries_check()
        for (team, month, framework, indicator, dimension), stored, fresh in differences[:50]:
            where = (
                f"{indicator}/{framework}/{dimension}" if framework else f"{indicator}/{dimension}"
            )
            self.stdout.write(f"team {team} {month:%Y-%m} {where}: stored {stored}, source {fresh}")
        if differences:
            raise CommandError(f"{len(differences)} summary counts differ from the source rows")
        self.stdout.write("steering summary matches the source rows")
