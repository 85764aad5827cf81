"""Generate a synthetic city for the benchmark: ``wijkteam generate_city --size small``.

Never run on an installation with real data: it adds a fictional municipality with tens of
thousands to millions of rows. See docs/benchmark.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from wijkteam.tooling.benchmarks.generator import SIZES, generate_city


class Command(BaseCommand):
    help = "Generate a deterministic synthetic city (households, casework, access log)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=list(SIZES), default="small")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            default=None,
            help="The 'today' of the data (YYYY-MM-DD); default today. Same seed and date "
            "give the same data.",
        )

        parser.add_argument(
            "--fast-load",
            action="store_true",
            help="PostgreSQL superuser only: skip foreign-key triggers while loading (the "
            "rows are consistent by construction). For the large set.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of: dt.date = options["as_of"] or timezone.localdate()
        self.stdout.write(
            f"Generating city size={options['size']} seed={options['seed']} as of {as_of}"
        )
        try:
            totals = generate_city(
                size=options["size"],
                seed=options["seed"],
                as_of=as_of,
                out=self.stdout.write,
                fast_load=options["fast_load"],
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        for label, count in totals.items():
            if label != "seconds":
                self.stdout.write(f"{label:32} {count:>12,}")
        self.stdout.write(self.style.SUCCESS(f"Done in {totals['seconds']} s"))
