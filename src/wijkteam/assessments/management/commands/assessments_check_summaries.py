"""Rebuild the LatestScore summary from history in memory, compare, and report differences."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from wijkteam.assessments.summaries import compare_summaries, rebuild_summaries


class Command(BaseCommand):
    help = "Compare the assessment summaries (latest scores) with a recomputation from history."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--strict", action="store_true", help="Exit with an error when anything differs."
        )
        parser.add_argument(
            "--fix", action="store_true", help="Replace the summaries by the recomputation."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = compare_summaries()
        for problem in problems:
            self.stdout.write(problem)
        if not problems:
            self.stdout.write(self.style.SUCCESS("Summaries match the history."))
            return
        self.stdout.write(self.style.WARNING(f"{len(problems)} difference(s) found."))
        if options["fix"]:
            with transaction.atomic():
                count = rebuild_summaries()
            self.stdout.write(f"Rebuilt {count} summary rows from history.")
        if options["strict"]:
            raise CommandError(f"{len(problems)} difference(s) between summaries and history.")
