"""Time the household file, "Mijn werk", the caseload and assessments: ``wijkteam benchmark``.

Run on a generated city (``wijkteam generate_city``); see docs/benchmark.md. Each page
request writes its access-log row, as in real use.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkteam.tooling.benchmarks.runner import run_benchmark


class Command(BaseCommand):
    help = "Time the hot pages against their selectors and hand-written SQL (the floor)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--runs", type=int, default=50, help="Timed runs per page.")
        parser.add_argument("--json", dest="json_path", default="", help="Also write to file.")
        parser.add_argument("--city", default=None, help="Municipality name (default: largest).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["runs"] < 1:
            raise CommandError("--runs must be at least 1")
        try:
            report = run_benchmark(runs=options["runs"], city=options["city"])
        except LookupError as error:
            raise CommandError(str(error)) from error
        text = json.dumps(report, indent=2, default=str)
        if options["json_path"]:
            Path(options["json_path"]).write_text(text + "\n", encoding="utf-8")
        self.stdout.write(text)
        for check in report["targets"]:
            flag = "pass" if check["pass"] else "MISS"
            self.stdout.write(
                f"{flag:4} {check['page']:30} {check['metric']:12} "
                f"{check['value']} (target <= {check['limit']})"
            )
