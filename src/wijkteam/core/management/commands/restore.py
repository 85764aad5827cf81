"""``wijkteam restore PATH``: put a backup back and prove it came back whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from wijkteam.core import backup


class Command(BaseCommand):
    help = (
        "Restore a backup made with 'wijkteam backup' into the configured database, then "
        "verify it: the row count of every table against the backup's, and the access log's "
        "hash chain. Refuses a database that already has people or access-log rows unless "
        "--force. Stop the app servers and workers first. SQLite: copies the file back with "
        "the online backup API. PostgreSQL (DATABASE_URL, a fresh database made with "
        "createdb): runs 'pg_restore --no-owner --single-transaction --exit-on-error' (all "
        "or nothing); without pg_restore on PATH, or with --print, it prints the command."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the backup file")
        parser.add_argument(
            "--force", action="store_true", help="replace a database that is not empty"
        )
        parser.add_argument(
            "--print",
            action="store_true",
            dest="print_only",
            help="PostgreSQL: print the pg_restore command instead of running it",
        )

    def handle(self, *args: Any, path: Path, force: bool, print_only: bool, **options: Any) -> None:
        path = path.expanduser().resolve()
        try:
            if connection.vendor == "sqlite":
                target = Path(connection.settings_dict["NAME"])
                connection.close()
                expected: dict[str, int] | None = backup.sqlite_restore(
                    backup=path, target=target, force=force
                )
            elif connection.vendor == "postgresql":
                pg = backup.PgTarget.from_settings(connection.settings_dict)
                if print_only or not backup.pg_tools_present():
                    command = " ".join(backup.pg_restore_command(pg, path, clean=False))
                    password = "PGPASSWORD=... " if pg.password else ""
                    self.stdout.write("Restore PostgreSQL into a fresh database with:")
                    self.stdout.write(f"  createdb {pg.name}   # if it does not exist yet")
                    self.stdout.write(f"  {password}{command}")
                    self.stdout.write("  wijkteam accesslog_verify")
                    if not print_only:
                        raise CommandError("pg_restore is not on PATH: run the commands above")
                    return
                expected = backup.pg_restore(path=path, force=force)
            else:
                raise CommandError(f"no restore for the {connection.vendor} database")
            report = backup.verify_restore(expected)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        for problem in report.mismatches:
            self.stderr.write(f"  {problem}")
        if not report.ok:
            raise CommandError("the restored database does NOT match the backup (see above)")
        checked = (
            "row counts match the backup"
            if expected is not None
            else ("row counts not checked (no PATH.counts.json next to the backup)")
        )
        self.stdout.write(
            f"restored {path}: {len(report.tables)} tables, {sum(report.tables.values())} rows; "
            f"{checked}; access log chain OK ({report.chain_checked} sealed rows, "
            f"{report.chain_unsealed} not yet sealed)"
        )
