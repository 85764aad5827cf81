"""Load a running server with logged-in work: ``wijkteam loadtest`` (docs/benchmark.md).

Runs on the same database as the server (it chooses generated people and sets a password for
this run on each), against a server on this machine only, for a bounded time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkteam.tooling.benchmarks.load import LoadError, run_load, servers_check


class Command(BaseCommand):
    help = "Drive a mixed, logged-in load against a running server and report it with its floor."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base-url", required=True, help="e.g. http://127.0.0.1:8000")
        parser.add_argument("--duration", type=float, default=30.0, help="Seconds of mixed load.")
        parser.add_argument("--mode", choices=("closed", "rate"), default="closed")
        parser.add_argument("--users", type=int, default=10, help="Logged-in visitors.")
        parser.add_argument("--rate", type=float, default=None, help="Steps/s (--mode rate).")
        parser.add_argument(
            "--floor-duration", type=float, default=None, help="Seconds of /health/."
        )
        parser.add_argument("--city", default=None, help="Municipality name (default: any).")
        parser.add_argument("--json", dest="json_path", default="", help="Also write to file.")
        parser.add_argument(
            "--across",
            default="",
            help="No load: check that a session, an upload and a job work when requests "
            "alternate between --base-url and this second server (scripts/two-servers.sh).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 < options["duration"] <= 600:
            raise CommandError("--duration must be between 0 and 600 seconds")
        if not 1 <= options["users"] <= 200:
            raise CommandError("--users must be between 1 and 200")
        if options["rate"] is not None and not 0 < options["rate"] <= 5000:
            raise CommandError("--rate must be between 0 and 5000")
        if options["across"]:
            try:
                checked = servers_check(
                    base_url=options["base_url"].rstrip("/"),
                    other_url=options["across"].rstrip("/"),
                    city=options["city"],
                )
            except LoadError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(json.dumps(checked, indent=2))
            return
        try:
            report = run_load(
                base_url=options["base_url"].rstrip("/"),
                duration=options["duration"],
                mode=options["mode"],
                users=options["users"],
                rate=options["rate"],
                floor_duration=options["floor_duration"],
                city=options["city"],
            )
        except LoadError as error:
            raise CommandError(str(error)) from error
        text = json.dumps(report, indent=2)
        if options["json_path"]:
            Path(options["json_path"]).write_text(text + "\n", encoding="utf-8")
        self.stdout.write(text)
        overall, floor = report["overall"], report["floor"]
        self.stdout.write(
            f"mix {overall['rps']} req/s p50/p95/p99 {overall['p50']}/{overall['p95']}/"
            f"{overall['p99']} ms, errors {report['errors']['total']} "
            f"(locked {report['errors']['locked']}); floor {floor['rps']} req/s "
            f"p50 {floor['p50']} ms; ratio {report['ratio']['rps']}; load average "
            f"{report['load_average']['start'][0]} -> {report['load_average']['end'][0]}"
        )
