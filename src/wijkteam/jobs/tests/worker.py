"""A real job worker for tests and fault checks: a fresh database (a SQLite file, or under a
PostgreSQL run a new database on the same server), ``wijkteam migrate``, and ``wijkteam
qcluster`` as a child process in its own process group (so a test can SIGKILL the whole
cluster), all bounded in time.

Command line for a fault check, from the repository root (one worker, data in DIR):
    WIJKTEAM_DATA_DIR=DIR WIJKTEAM_TESTING=1 WIJKTEAM_JOB_WORKERS=1 .venv/bin/wijkteam qcluster
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[4]
WIJKTEAM = str(Path(sys.executable).parent / "wijkteam")


def _lower_priority() -> None:
    """Run below the test processes: on a 2-core machine a 20,000-row import next to parallel
    browser tests would otherwise starve their live servers."""
    os.nice(10)


class Worker:
    def __init__(self, data_dir: Path, **env: str) -> None:
        self.data_dir = data_dir
        self.env = {
            k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PYTEST_XDIST_WORKER"}
        }
        self.postgres = ""
        server = os.environ.get("DATABASE_URL", "")
        if server.startswith(("postgres://", "postgresql://")):
            self.postgres = server.rsplit("/", 1)[0] + f"/wijkteam_worker_{uuid.uuid4().hex[:8]}"
            self._admin(f"CREATE DATABASE {self.postgres.rsplit('/', 1)[1]}")
            self.env["DATABASE_URL"] = self.postgres
        self.env.update(
            {
                "WIJKTEAM_DATA_DIR": str(data_dir),
                "WIJKTEAM_TESTING": "1",
                "DJANGO_SETTINGS_MODULE": "wijkteam.settings",
                "WIJKTEAM_JOB_WORKERS": "1",
                **env,
            }
        )
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def database(self) -> Path:
        return self.data_dir / "wijkteam.sqlite3"

    def manage(self, *args: str, timeout: float = 120, **env: str) -> str:
        done = subprocess.run(
            [WIJKTEAM, *args],
            env={**self.env, **env},
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            preexec_fn=_lower_priority,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def python(self, code: str, **env: str) -> str:
        return self.manage("shell", "--no-imports", "-c", code, **env)

    def start(self, **env: str) -> None:
        log = (self.data_dir / "qcluster.log").open("ab")
        self.process = subprocess.Popen(
            [WIJKTEAM, "qcluster"],
            env={**self.env, **env},
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kill takes the whole cluster
            preexec_fn=_lower_priority,
        )

    def kill(self) -> None:
        """SIGKILL the cluster and its worker processes, as a crash or `kill -9` would."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        self.process = None

    def query(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        if self.postgres:
            import psycopg

            with psycopg.connect(self.postgres, autocommit=True) as pg:
                return pg.execute(sql.replace("?", "%s"), params).fetchall()
        connection = sqlite3.connect(self.database, timeout=20)
        try:
            return connection.execute(sql, params).fetchall()
        finally:
            connection.close()

    def _admin(self, sql: str) -> None:
        import psycopg

        server = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(server, autocommit=True) as pg:
            pg.execute(sql)  # type: ignore[arg-type]

    def drop(self) -> None:
        """Remove the PostgreSQL database (a SQLite file goes with the test's tmp_path)."""
        if self.postgres:
            self._admin(f"DROP DATABASE IF EXISTS {self.postgres.rsplit('/', 1)[1]} WITH (FORCE)")

    def wait_for(self, check: Callable[[], bool], seconds: float, what: str) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if check():
                return
            assert self.process is None or self.process.poll() is None, (
                "the worker exited: " + (self.data_dir / "qcluster.log").read_text()[-3000:]
            )
            time.sleep(0.2)
        raise AssertionError(f"not within {seconds} s: {what}")
