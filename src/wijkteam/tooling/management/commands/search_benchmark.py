from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from wijkteam.tooling.benchmarks.search import run


class Command(BaseCommand):
    help = "Measure household search latency on a generated city (rolled back)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--city", default=None, help="municipality name; default the largest")
        parser.add_argument("--per-kind", type=int, default=40)

    def handle(self, *args: Any, **options: Any) -> None:
        result = run(city=options["city"], per_kind=options["per_kind"])
        self.stdout.write(json.dumps(result, indent=2))
