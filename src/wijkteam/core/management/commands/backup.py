"""``wijkteam backup PATH``: a consistent copy of the whole database while the app runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from wijkteam.core import backup


class Command(BaseCommand):
    help = (
        "Back up the whole database to PATH while the application keeps running. "
        "SQLite: a single file made with SQLite's online backup API (consistent, includes the "
        "WAL). PostgreSQL (DATABASE_URL): runs 'pg_dump -Fc --no-owner' (custom format, for "
        "pg_restore) with the row counts of the same snapshot in PATH.counts.json; without "
        "pg_dump on PATH, or with --print, it prints the command instead. Restore with "
        "'wijkteam restore PATH' (see docs/architecture.md, Operations)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the backup file to write")
        parser.add_argument("--force", action="store_true", help="overwrite an existing file")
        parser.add_argument(
            "--print",
            action="store_true",
            dest="print_only",
            help="PostgreSQL: print the pg_dump command instead of running it",
        )

    def handle(self, *args: Any, path: Path, force: bool, print_only: bool, **options: Any) -> None:
        path = path.expanduser().resolve()
        if path.exists() and not force:
            raise CommandError(f"{path} exists; choose another name or add --force")
        if not path.parent.is_dir():
            raise CommandError(f"the folder {path.parent} does not exist")
        try:
            if connection.vendor == "sqlite":
                connection.ensure_connection()
                counts = backup.sqlite_backup(source=connection.connection, path=path)
            elif connection.vendor == "postgresql":
                target = backup.PgTarget.from_settings(connection.settings_dict)
                if print_only or not backup.pg_tools_present():
                    self._print_pg(target, path)
                    if not print_only:
                        raise CommandError("pg_dump is not on PATH: run the command above")
                    return
                counts = backup.pg_backup(path=path)
            else:
                raise CommandError(f"no backup for the {connection.vendor} database")
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(counts.values())
        self.stdout.write(f"backup written to {path}: {len(counts)} tables, {rows} rows")

    def _print_pg(self, target: backup.PgTarget, path: Path) -> None:
        password = "PGPASSWORD=... " if target.password else ""
        self.stdout.write("Back up PostgreSQL with (consistent while the application runs):")
        self.stdout.write(f"  {password}{' '.join(backup.pg_dump_command(target, path))}")
