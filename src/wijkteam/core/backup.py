"""Backup and restore of the whole database, for the ``backup`` and ``restore`` commands.

SQLite: SQLite's online backup API (``sqlite3.Connection.backup``) copies the database page
by page through a normal connection, so the copy is one consistent state even while the app
and its workers keep writing, and it includes what is still in the WAL file (copying the
``.sqlite3`` file with ``cp`` would not). The copy is written next to its target and renamed
into place only when complete: a backup killed half-way leaves no half file under its name.

PostgreSQL: ``pg_dump -Fc`` (custom format) and ``pg_restore --single-transaction``, the
tools made for it; we add only what the tools do not: row counts taken in the same snapshot
as the dump (``pg_dump --snapshot``), written to ``PATH.counts.json``, so that a restore can
prove that every table came back whole.

After a restore both check the same things: the row count of every table, and the access
log's hash chain (``privacy.chain.verify``), so a restore that lost or changed log rows is
noticed at once and not at the next audit.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection

from wijkteam.accounts.models import User
from wijkteam.privacy import chain
from wijkteam.privacy.models import AccessLogEntry


class BackupError(Exception):
    """A backup or restore that could not be done or did not verify; the message says why."""


# A database with people or access-log rows in it holds someone's work; a freshly migrated
# one has only what migrations put there (content types, shipped instruments).
_DATA_TABLES = (User._meta.db_table, AccessLogEntry._meta.db_table)


def counts_path(path: Path) -> Path:
    return path.with_name(path.name + ".counts.json")


@dataclass
class RestoreReport:
    tables: dict[str, int]
    chain_checked: int
    chain_unsealed: int
    mismatches: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches


# --- SQLite ---------------------------------------------------------------------------------


def sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    ]
    # Table names come from sqlite_master itself, quoted: not user input.
    return {
        name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # noqa: S608
        for name in names
    }


def _sqlite_check(conn: sqlite3.Connection, what: str) -> None:
    result = conn.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"{what} is damaged: integrity_check says {result!r}")


def _has_data(counts: Mapping[str, int]) -> bool:
    return any(counts.get(table, 0) for table in _DATA_TABLES)


def sqlite_backup(*, source: sqlite3.Connection, path: Path) -> dict[str, int]:
    """Copy the open database ``source`` to ``path``; returns the copy's row counts."""
    part = path.with_name(path.name + ".part")
    part.unlink(missing_ok=True)
    target = sqlite3.connect(part)
    try:
        source.backup(target)
        # One file, no WAL beside it: the backup is a single self-contained file.
        target.execute("PRAGMA journal_mode=DELETE")
        _sqlite_check(target, "the new backup")
        counts = sqlite_counts(target)
    finally:
        target.close()
    os.replace(part, path)
    return counts


def sqlite_restore(*, backup: Path, target: Path, force: bool) -> dict[str, int]:
    """Copy the backup file over the database at ``target``; returns the backup's counts."""
    if not backup.is_file():
        raise BackupError(f"no backup file at {backup}")
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        _sqlite_check(source, "the backup")
        expected = sqlite_counts(source)
        if not expected:
            raise BackupError(f"{backup} holds no tables: not a backup of this application")
        if target.exists():
            existing = sqlite3.connect(target)
            try:
                if _has_data(sqlite_counts(existing)) and not force:
                    raise BackupError(
                        f"the database {target} is not empty (it has people or access-log "
                        "rows); restore into a fresh database, or add --force to replace it"
                    )
            finally:
                existing.close()
        target.parent.mkdir(parents=True, exist_ok=True)
        destination = sqlite3.connect(target)
        try:
            # The backup API replaces the whole target in one step under its write lock.
            source.backup(destination)
            destination.execute("PRAGMA journal_mode=WAL")
        finally:
            destination.close()
    finally:
        source.close()
    return expected


# --- PostgreSQL -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PgTarget:
    host: str
    port: str
    user: str
    password: str
    name: str

    @classmethod
    def from_settings(cls, settings_dict: Mapping[str, Any]) -> PgTarget:
        return cls(
            host=str(settings_dict.get("HOST") or ""),
            port=str(settings_dict.get("PORT") or ""),
            user=str(settings_dict.get("USER") or ""),
            password=str(settings_dict.get("PASSWORD") or ""),
            name=str(settings_dict["NAME"]),
        )

    def env(self) -> dict[str, str]:
        """The password travels in the environment, never on the command line (ps shows it)."""
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def args(self) -> list[str]:
        args = []
        if self.host:
            args += ["-h", self.host]
        if self.port:
            args += ["-p", self.port]
        if self.user:
            args += ["-U", self.user]
        return [*args, "-d", self.name]


def pg_dump_command(target: PgTarget, path: Path, snapshot: str | None = None) -> list[str]:
    command = ["pg_dump", "-Fc", "--no-owner", *target.args(), "-f", str(path)]
    if snapshot:
        command.insert(3, f"--snapshot={snapshot}")
    return command


def pg_restore_command(target: PgTarget, path: Path, *, clean: bool) -> list[str]:
    command = ["pg_restore", "--no-owner", "--single-transaction", "--exit-on-error"]
    if clean:
        command += ["--clean", "--if-exists"]
    return [*command, *target.args(), str(path)]


def pg_tools_present() -> bool:
    return bool(shutil.which("pg_dump") and shutil.which("pg_restore"))


def _pg_counts(cursor: Any) -> dict[str, int]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
    )
    names = [row[0] for row in cursor.fetchall()]
    counts = {}
    for name in names:
        cursor.execute(f'SELECT count(*) FROM "{name}"')  # noqa: S608  (names from pg_tables)
        counts[name] = cursor.fetchone()[0]
    return counts


def pg_backup(*, path: Path) -> dict[str, int]:
    """pg_dump the database of ``DATABASE_URL``, with the row counts of the same snapshot."""
    target = PgTarget.from_settings(connection.settings_dict)
    part = path.with_name(path.name + ".part")
    # A connection of its own, never one borrowed from a web process's pool (closing a
    # borrowed one would not give it back).
    import psycopg

    raw = psycopg.connect(**connection.get_connection_params())
    try:
        raw.autocommit = False
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            exported = cursor.fetchone()
            assert exported is not None  # pg_export_snapshot() always returns one row
            snapshot = exported[0]
            counts = _pg_counts(cursor)
            # The exported snapshot lives as long as this transaction: pg_dump sees exactly
            # the state that was counted.
            done = subprocess.run(  # noqa: S603  (fixed program, arguments from settings)
                pg_dump_command(target, part, snapshot),
                env=target.env(),
                capture_output=True,
                text=True,
                check=False,
            )
        raw.rollback()
    finally:
        raw.close()
    if done.returncode != 0:
        part.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
    os.replace(part, path)
    counts_path(path).write_text(json.dumps({"tables": counts}, indent=1, sort_keys=True))
    return counts


def pg_restore(*, path: Path, force: bool) -> dict[str, int] | None:
    """pg_restore into the database of ``DATABASE_URL``; returns the counts at backup time."""
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    target = PgTarget.from_settings(connection.settings_dict)
    with connection.cursor() as cursor:
        existing = _pg_counts(cursor)
    connection.close()
    non_empty = _has_data(existing)
    if non_empty and not force:
        raise BackupError(
            f"the database {target.name} is not empty (it has people or access-log rows); "
            "restore into a fresh database (createdb), or add --force to replace it"
        )
    done = subprocess.run(  # noqa: S603  (fixed program, arguments from settings)
        pg_restore_command(target, path, clean=bool(existing)),
        env=target.env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        # --single-transaction: a failed restore changed nothing.
        raise BackupError(f"pg_restore failed, nothing was changed: {done.stderr.strip()}")
    manifest = counts_path(path)
    if not manifest.is_file():
        return None
    tables: dict[str, int] = json.loads(manifest.read_text())["tables"]
    return tables


# --- verification after a restore -------------------------------------------------------------


def current_counts() -> dict[str, int]:
    connection.close()  # a fresh connection sees the restored file or database
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return sqlite_counts(connection.connection)
    with connection.cursor() as cursor:
        return _pg_counts(cursor)


def verify_restore(expected: Mapping[str, int] | None) -> RestoreReport:
    """Row counts per table against the backup's, and the access log's hash chain."""
    tables = current_counts()
    mismatches = []
    if expected is not None:
        for name in sorted(set(expected) | set(tables)):
            if expected.get(name) != tables.get(name):
                mismatches.append(
                    f"table {name}: {tables.get(name, 'missing')} rows, "
                    f"backup had {expected.get(name, 'none')}"
                )
    result = chain.verify()
    if not result.ok:
        mismatches.append(
            f"access log chain broken at row {result.broken_row_id} "
            f"(seal #{result.broken_seq}): {result.reason}"
        )
    return RestoreReport(tables, result.checked, result.unsealed, mismatches)
