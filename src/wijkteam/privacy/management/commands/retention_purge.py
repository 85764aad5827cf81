from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkteam.privacy import chain, retention


class Command(BaseCommand):
    help = (
        "Destroy household files past their retention date (not under legal hold) that a "
        "dry-run report announced at least the notice period ago, keeping anonymous "
        "statistics. Dry run unless --execute is given; --report stores the privacy "
        "officer's report (the daily job does both)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--execute", action="store_true", help="Really destroy (default: dry run)."
        )
        parser.add_argument(
            "--access-log-years",
            type=int,
            default=None,
            help="Also delete access-log rows older than this many years (at least 5).",
        )

        parser.add_argument(
            "--report",
            action="store_true",
            help="First store the dry-run report for the privacy officer (announces files).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["report"]:
            retention.retention_report_make()
        report = retention.purge(dry_run=not options["execute"])
        log_rows = 0
        if options["access_log_years"] is not None:
            try:
                log_rows = chain.purge_older_than(
                    years=options["access_log_years"], dry_run=not options["execute"]
                )
            except ValueError as error:
                raise CommandError(str(error)) from error
        self.stdout.write(
            json.dumps(
                {
                    "dry_run": report.dry_run,
                    "retention_assigned": report.assigned,
                    "households_destroyed"
                    if not report.dry_run
                    else "households_due": report.destroyed,
                    "households_on_legal_hold": report.held,
                    "households_awaiting_notice": len(report.awaiting_notice),
                    "rows_deleted": report.rows_deleted,
                    "access_log_rows": log_rows,
                },
                indent=2,
            )
        )
