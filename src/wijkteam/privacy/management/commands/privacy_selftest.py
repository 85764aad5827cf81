"""``wijkteam privacy_selftest``: the attacks on the access log (privacy/selftest.py) on a scratch
database (a fresh SQLite file, or a scratch PostgreSQL database next to DATABASE_URL's, dropped
afterwards), never the real one. Exits non-zero when any attack went unnoticed."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

SCRATCH_FLAG = "WIJKTEAM_PRIVACY_SELFTEST_SCRATCH"


class Command(BaseCommand):
    help = (
        "Perform each access-log attack (changed row, truncated end with rewound seal state, "
        "faked purge, back-dated insert, delete of an unsealed row, rehash without the key) on "
        "a scratch database and report whether it was detected."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--child", action="store_true", help="(internal: the run inside the scratch database)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["child"]:
            self._child()
            return
        with tempfile.TemporaryDirectory(prefix="wijkteam-selftest-") as workdir:
            env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
            for name in ("WIJKTEAM_ACCESSLOG_KEY", "WIJKTEAM_ACCESSLOG_KEY_FILE"):
                env.pop(name, None)  # the scratch run makes its own key file
            env["WIJKTEAM_DATA_DIR"] = workdir
            env["WIJKTEAM_ACCESSLOG_ANCHOR_FILE"] = str(Path(workdir) / "anchors.jsonl")
            env["WIJKTEAM_SECRET_KEY"] = secrets.token_urlsafe(40)
            env[SCRATCH_FLAG] = workdir
            env.pop("WIJKTEAM_TESTING", None)
            scratch_pg = ""
            if connection.vendor == "postgresql":
                scratch_pg = f"wijkteam_selftest_{secrets.token_hex(5)}"
                self._pg_admin(f'CREATE DATABASE "{scratch_pg}"')
                s = connection.settings_dict
                auth = urllib.parse.quote(s.get("USER") or "")
                if s.get("PASSWORD"):
                    auth += ":" + urllib.parse.quote(s["PASSWORD"])
                env["DATABASE_URL"] = (
                    f"postgres://{auth}@{s.get('HOST') or 'localhost'}:"
                    f"{s.get('PORT') or 5432}/{scratch_pg}"
                )
            try:
                results = self._run_child(env)
            finally:
                if scratch_pg:
                    self._pg_admin(f'DROP DATABASE IF EXISTS "{scratch_pg}" WITH (FORCE)')
        missed = 0
        self.stdout.write(f"== privacy selftest on a scratch {connection.vendor} database")
        for item in results:
            mark = "DETECTED" if item["detected"] else "NOT DETECTED"
            missed += not item["detected"]
            self.stdout.write(f"- {item['name']}: {mark} ({item['expected']})\n    {item['said']}")
        if missed:
            raise CommandError(f"{missed} of {len(results)} attacks went unnoticed")
        self.stdout.write(f"all {len(results)} attacks detected")

    def _pg_admin(self, sql: str) -> None:
        # A connection of its own, never one borrowed from a web process's pool (closing a
        # borrowed one would not give it back).
        import psycopg

        raw = psycopg.connect(**connection.get_connection_params())
        raw.autocommit = True
        try:
            raw.cursor().execute(sql)
        finally:
            raw.close()

    def _run_child(self, env: dict[str, str]) -> list[dict[str, Any]]:
        program = Path(sys.executable).with_name("wijkteam")
        command = [str(program)] if program.exists() else [sys.executable, "-m", "wijkteam"]
        for args in (["migrate", "--no-input", "-v", "0"], ["privacy_selftest", "--child"]):
            done = subprocess.run(  # noqa: S603  (our own console script)
                [*command, *args], env=env, capture_output=True, text=True, check=False
            )
            if done.returncode != 0:
                raise CommandError(f"scratch run failed: {done.stderr[-2000:]}")
        result: list[dict[str, Any]] = json.loads(done.stdout.strip().splitlines()[-1])
        return result

    def _child(self) -> None:
        workdir = os.environ.get(SCRATCH_FLAG)
        if not workdir:  # never on the real database
            raise CommandError("--child runs only inside the scratch run")
        from wijkteam.privacy import selftest

        results = [selftest.run_attack(name, Path(workdir)) for name in selftest.ATTACKS]
        self.stdout.write(json.dumps([r.__dict__ for r in results]))
