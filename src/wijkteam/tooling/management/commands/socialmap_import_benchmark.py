from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wijkteam.tooling.benchmarks import socialmap_import


class Command(BaseCommand):
    help = (
        "Measure how long a large social-map import holds the write lock: one transaction "
        "versus staged batches and one apply step (JSON). Leaves the database as it was."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=20_000)

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(json.dumps(socialmap_import.run(rows=options["rows"]), indent=2))
