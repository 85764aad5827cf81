"""The harness of the fault checks: a scratch database, the probe that sees an open write
transaction, SIGKILL of a process group, a real HTTP client with a logged-in session, and a
gunicorn server on a loopback port.

When a kill lands: the probe watches the scratch database for an open write transaction
(SQLite: ``BEGIN IMMEDIATE`` fails while a writer holds the lock; PostgreSQL: a backend of the
scratch database has a transaction id), then waits a random part of the time the work takes
and sends SIGKILL to the whole process group, so the kill falls inside the transaction.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

from django.db import connection


class FaultCheckError(Exception):
    """The run itself could not be done (not a fault that was found)."""


@dataclass
class FaultResult:
    name: str
    killed: str
    when: str
    survived: str
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _bin(name: str) -> str:
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise FaultCheckError(f"{name} not found next to {sys.executable} or on PATH")
    return found


# --- the scratch database -------------------------------------------------------------------


class Scratch:
    """A fresh database for one run, and the environment that points processes at it."""

    def __init__(self, vendor: str, workdir: Path) -> None:
        self.vendor = vendor
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env["WIJKTEAM_SECRET_KEY"] = secrets.token_urlsafe(40)
        env["WIJKTEAM_DEBUG"] = "0"
        env["WIJKTEAM_DEMO_MODE"] = "0"
        env["WIJKTEAM_DATA_DIR"] = str(workdir)
        for name in ("WIJKTEAM_TESTING", "PYTEST_XDIST_WORKER"):  # run as in production
            env.pop(name, None)
        self.pg: dict[str, Any] = {}
        if vendor == "postgresql":
            if connection.vendor != "postgresql":
                raise FaultCheckError(
                    "--database postgresql needs DATABASE_URL pointing at a PostgreSQL server "
                    "(a scratch database is created there and dropped afterwards)"
                )
            s = connection.settings_dict
            self.pg = {
                "host": s.get("HOST") or "localhost",
                "port": str(s.get("PORT") or 5432),
                "user": s.get("USER") or "",
                "password": s.get("PASSWORD") or "",
                "dbname": f"wijkteam_faultcheck_{secrets.token_hex(5)}",
            }
            auth = urllib.parse.quote(self.pg["user"])
            if self.pg["password"]:
                auth += ":" + urllib.parse.quote(self.pg["password"])
            env["DATABASE_URL"] = (
                f"postgres://{auth}@{self.pg['host']}:{self.pg['port']}/{self.pg['dbname']}"
            )
            self._admin(f'CREATE DATABASE "{self.pg["dbname"]}"')
        self.env = env
        self.sqlite_path = workdir / "wijkteam.sqlite3"
        self._probe: Any = None

    def _admin(self, sql: str) -> None:
        # A connection of its own, never one borrowed from a web process's pool (closing a
        # borrowed one would not give it back).
        import psycopg

        raw = psycopg.connect(**connection.get_connection_params())
        raw.autocommit = True
        try:
            raw.cursor().execute(sql)
        finally:
            raw.close()

    def drop(self) -> None:
        if self._probe is not None:
            self._probe.close()
        if self.vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.pg["dbname"]}" WITH (FORCE)')

    def popen(self, *args: str, log: str) -> subprocess.Popen[bytes]:
        out = (self.workdir / f"{log}.log").open("ab")
        # A process group of its own: SIGKILL reaches gunicorn's master and its workers.
        return subprocess.Popen(  # noqa: S603  (our own console scripts)
            list(args), env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )

    def command(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603
            [_bin("wijkteam"), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def child(self, action: str, **kwargs: Any) -> dict[str, Any]:
        done = self.command("faultcheck", "--child", action, "--child-args", json.dumps(kwargs))
        if done.returncode != 0:
            raise FaultCheckError(f"child {action} failed: {done.stderr.strip()[-2000:]}")
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return result

    def writing(self) -> bool:
        """Is a write transaction open in the scratch database right now?"""
        if self.vendor == "sqlite":
            probe = sqlite3.connect(self.sqlite_path, timeout=0, isolation_level=None)
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
                return False
            except sqlite3.OperationalError:
                return True
            finally:
                probe.close()
        if self._probe is None:
            import psycopg

            self._probe = psycopg.connect(autocommit=True, **self.pg)
        row = self._probe.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()"
        ).fetchone()
        return bool(row and row[0])


def scalar(scratch: Scratch, sql: str) -> int:
    """One number from the scratch database, read directly (no Django in the parent)."""
    if scratch.vendor == "sqlite":
        reader = sqlite3.connect(scratch.sqlite_path, timeout=20)
        try:
            return int(reader.execute(sql).fetchone()[0])
        finally:
            reader.close()
    scratch.writing()  # opens the probe connection
    return int(scratch._probe.execute(sql).fetchone()[0])


def kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def wait_for_write(scratch: Scratch, busy: Callable[[], bool], timeout: float = 60) -> bool:
    """Poll until a write transaction is open in the scratch database (or ``busy`` ends)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and busy():
        if scratch.writing():
            return True
        time.sleep(0.002)
    return False


def write_duration(scratch: Scratch, work: Callable[[], object]) -> float:
    """How long the first write transaction of ``work`` (run in a thread) stays open."""
    thread = threading.Thread(target=work)
    thread.start()
    wait_for_write(scratch, thread.is_alive)
    started = time.monotonic()
    while thread.is_alive() and scratch.writing():
        time.sleep(0.002)
    ended = time.monotonic()
    thread.join()
    return ended - started


def kill_inside_write(
    scratch: Scratch, process: subprocess.Popen[bytes], *, typical: float, rng: random.Random
) -> float:
    """Wait for the write transaction to open, then SIGKILL a random moment into it (a part
    of its ``typical`` duration); returns that moment in seconds after it opened."""
    wait_for_write(scratch, lambda: process.poll() is None)
    delay = rng.uniform(0.1, 0.5) * typical
    time.sleep(delay)
    kill_group(process)
    return delay


# --- a real HTTP client with a logged-in session ------------------------------------------------


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append((a.get("action", ""), {}))
        elif (
            tag in ("input", "textarea", "select")
            and self.forms
            and a.get("name")
            and a.get("type") not in ("submit", "checkbox", "radio")
        ):
            self.forms[-1][1][a["name"]] = a.get("value", "")


class Browser:
    def __init__(self, base: str) -> None:
        self.base = base
        self.logged_in = False
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        url = path if path.startswith("http") else self.base + path
        try:
            with self.opener.open(url, data=body, timeout=120) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, url, error.read().decode(errors="replace")

    def form(
        self, page: tuple[int, str, str], pick: Callable[[str, dict[str, str]], bool]
    ) -> tuple[str, dict[str, str]]:
        """The action (absolute) and fields of the first form on the page that ``pick``s."""
        status, url, html = page
        parser = _Forms()
        parser.feed(html)
        for action, fields in parser.forms:
            if pick(action, fields):
                return urllib.parse.urljoin(url, action), dict(fields)
        raise FaultCheckError(f"{url} (status {status}) does not have the expected form")

    def login(self, username: str, password: str, code: Callable[[], str]) -> None:
        """Log in with password and second factor; ``code`` gives the current TOTP code."""
        action, fields = self.form(self.request("/login/"), lambda _a, f: "username" in f)
        fields.update(username=username, password=password)
        action, fields = self.form(self.request(action, fields), lambda _a, f: "code" in f)
        fields["code"] = code()
        _, url, _ = self.request(action, fields)
        if not url.endswith("/my-work/"):
            raise FaultCheckError(f"login did not reach the start page (ended at {url})")
        self.logged_in = True


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def running_server(scratch: Scratch) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    port = _free_port()
    server = scratch.popen(
        _bin("gunicorn"),
        "wijkteam.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--timeout",
        "120",
        "--no-control-socket",  # one per user by default: parallel runs would share it
        log="server",
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/health/", timeout=5):  # noqa: S310
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log = (scratch.workdir / "server.log").read_text(errors="replace")
                    last = "\n".join(log.strip().splitlines()[-6:])
                    raise FaultCheckError(f"the server did not start:\n{last}") from None
                time.sleep(0.2)
        yield server, base
    finally:
        if server.poll() is None:
            kill_group(server)
