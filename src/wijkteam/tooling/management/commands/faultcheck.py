"""``wijkteam faultcheck``: kill -9 the server, the job worker and the sealer mid-work on a
scratch database and report per fault what was killed, when, what survived, OK or FAILED."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from wijkteam.tooling import faults


class Command(BaseCommand):
    help = (
        "Fault injection on a scratch database (a temporary SQLite file, or a fresh "
        "PostgreSQL database on the DATABASE_URL server, dropped afterwards; never the "
        "configured database): starts a real gunicorn and kills it with SIGKILL during a "
        "plan save, a backup as it starts writing (and restores one taken during saves), the "
        "job worker ('wijkteam qcluster') during social-map imports and 'accesslog_seal' "
        "mid-run, restarts and checks that committed data is there, nothing is half "
        "written, no job stays running and 'accesslog_verify' passes. Exits non-zero on a "
        "failure. Takes about two minutes per database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--database",
            choices=["sqlite", "postgresql"],
            action="append",
            help="the kind of scratch database (repeat for both); default: the configured kind",
        )
        parser.add_argument(
            "--scenario", choices=sorted(faults.SCENARIOS), action="append", help="default: all"
        )
        parser.add_argument("--seed", type=int, help="random seed for the kill moments")
        parser.add_argument("--keep", action="store_true", help="keep the scratch folder (logs)")
        # Internal: the parent runs these in child processes on the scratch database.
        parser.add_argument("--child", help=argparse.SUPPRESS)
        parser.add_argument("--child-args", default="{}", help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["child"]:
            from wijkteam.tooling.faults import child as faults_child

            result = faults_child.ACTIONS[options["child"]](**json.loads(options["child_args"]))
            self.stdout.write(json.dumps(result))
            return
        vendors = options["database"] or [connection.vendor]
        scenarios = options["scenario"] or list(faults.SCENARIOS)
        failed = 0
        for vendor in vendors:
            self.stdout.write(f"== faultcheck on {vendor}")
            try:
                results = faults.run(
                    vendor=vendor,
                    scenarios=scenarios,
                    report=self._line,
                    seed_value=options["seed"],
                    keep=options["keep"],
                )
            except faults.FaultCheckError as error:
                raise CommandError(str(error)) from error
            failed += sum(not r.ok for r in results)
        if failed:
            raise CommandError(f"{failed} fault(s) FAILED")
        self.stdout.write("all faults OK")

    def _line(self, text: str) -> None:
        self.stdout.write(text)
        sys.stdout.flush()
