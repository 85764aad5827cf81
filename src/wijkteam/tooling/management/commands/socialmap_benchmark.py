from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wijkteam.tooling.benchmarks.socialmap_search import run


class Command(BaseCommand):
    help = "Measure social map import and search times on generated data (rolled back)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--services", type=int, default=10_000)
        parser.add_argument("--searches", type=int, default=200)

    def handle(self, *args: Any, **options: Any) -> None:
        from django.db import connection

        result = run(services=options["services"], searches=options["searches"])
        result["database"] = connection.vendor
        self.stdout.write(json.dumps(result, indent=2))
