"""Fault injection: kill -9 real processes in the middle of their work, then check that
everything committed is there and nothing is half written.

Used by ``wijkteam faultcheck``. Everything runs against a scratch database made for the run
(a temporary SQLite file, or a fresh PostgreSQL database on the configured server), never the
configured one: the parent process only starts and kills processes and reads the scratch
database through child processes (``wijkteam faultcheck --child ...``, see
:mod:`wijkteam.core.faults_child`).

When a kill lands: a probe watches the scratch database for an open write transaction (SQLite:
``BEGIN IMMEDIATE`` fails while a writer holds the lock; PostgreSQL: a backend of the scratch
database has a transaction id), waits a random part of the time the work takes, and sends
SIGKILL to the whole process group. So the kill falls inside the transaction, not before it.
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
import tempfile
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

PLAN_PARTS = 80  # problems, goals, solutions and actions each: a save takes a while
SEAL_ROWS = 10_000  # unsealed access-log rows older than the seal age
PLAN_KILLS = 3
SEAL_KILLS = 3


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
        raw = connection.get_new_connection(connection.get_connection_params())
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
    delay = rng.uniform(0.1, 0.6) * typical
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

    def login(self, username: str, password: str, totp_key: str) -> None:
        from django_otp.oath import TOTP

        action, fields = self.form(self.request("/login/"), lambda _a, f: "username" in f)
        fields.update(username=username, password=password)
        action, fields = self.form(self.request(action, fields), lambda _a, f: "code" in f)
        fields["code"] = f"{TOTP(bytes.fromhex(totp_key)).token():06d}"
        _, url, _ = self.request(action, fields)
        if not url.endswith("/my-work/"):
            raise FaultCheckError(f"login did not reach the start page (ended at {url})")


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
                    raise FaultCheckError("the server did not start (see server.log)") from None
                time.sleep(0.2)
        yield server, base
    finally:
        if server.poll() is None:
            kill_group(server)


# --- the scenarios ----------------------------------------------------------------------------


def _verify(scratch: Scratch, problems: list[str]) -> str:
    done = scratch.command("accesslog_verify")
    if done.returncode != 0:
        problems.append(f"accesslog_verify failed: {done.stderr.strip()}")
        return "access log chain BROKEN"
    return done.stdout.strip()


def scenario_plan_save(scratch: Scratch, seed: dict[str, Any], rng: random.Random) -> FaultResult:
    """(a) gunicorn killed while it saves a new plan version (one transaction, ~400 rows)."""
    household = seed["household_id"]
    plan_page = f"/households/{household}/plan/"
    problems: list[str] = []
    whens = []
    browser = Browser("")

    def save_form() -> tuple[str, dict[str, str]]:
        page = browser.request(plan_page)
        return browser.form(page, lambda a, _f: a.endswith("/plan/new-version/"))

    with running_server(scratch) as (_server, base):
        browser.base = base
        browser.login(seed["username"], seed["password"], seed["totp_key"])
        url, fields = save_form()
        typical = write_duration(scratch, lambda: browser.request(url, fields))
    before = scratch.child("plan_state", household_id=household)
    if before["versions"] != 2:
        problems.append(f"the uninterrupted save made {before['versions'] - 1} versions, not 1")
    inside = rounds = 0
    while inside < PLAN_KILLS and rounds < 2 * PLAN_KILLS:
        rounds += 1
        with running_server(scratch) as (server, base):
            browser.base = base  # the session lives on in the database
            url, fields = save_form()
            answered: list[int] = []

            def post(
                url: str = url, fields: dict[str, str] = fields, answered: list[int] = answered
            ) -> None:
                with contextlib.suppress(OSError):
                    answered.append(browser.request(url, fields)[0])

            sender = threading.Thread(target=post)
            sender.start()
            delay = kill_inside_write(scratch, server, typical=typical, rng=rng)
            sender.join(timeout=60)
        state = scratch.child("plan_state", household_id=household)
        problems += state["problems"]
        grew = state["versions"] - before["versions"]
        inside += grew == 0
        if grew not in (0, 1) or (answered and grew != 1):
            problems.append(f"kill {rounds}: {grew} new versions after the answer {answered}")
        whens.append(
            f"kill {rounds} at {delay * 1000:.0f} ms: "
            + ("rolled back" if grew == 0 else "had just committed")
            + (", no answer reached the browser" if not answered else "")
        )
        before = state
    if inside < PLAN_KILLS:
        problems.append(f"only {inside} of {rounds} kills landed inside the transaction")
    survived = (
        f"{before['versions']} complete plan versions ({before['parts']}), exactly one current, "
        f"one access-log row per version; {_verify(scratch, problems)}"
    )
    return FaultResult(
        "plan save",
        "gunicorn (server, SIGKILL to its process group) during 'new plan version' posted "
        "over HTTP by a logged-in browser session",
        f"a random moment into the save's transaction (which takes {typical * 1000:.0f} ms): "
        + "; ".join(whens),
        survived,
        problems,
    )


# The sealer is run with this minimum age: it seals the rows this scenario adds (an hour old)
# and none of the fresh rows the other scenarios wrote, so ids stay in time order (the chain
# relies on it) even though the added rows are backdated.
SEAL_AGE = "1800"


def scenario_seal(scratch: Scratch, seed: dict[str, Any], rng: random.Random) -> FaultResult:
    """(b) ``wijkteam accesslog_seal`` killed while it chains many rows."""
    problems: list[str] = []
    whens = []
    old_rows = scratch.child("add_old_rows", rows=SEAL_ROWS)["added"]
    start = scratch.child("seal_state", min_age=int(SEAL_AGE))
    some = scratch.child("seal_some", rows=2000)  # a first part sealed normally, to keep intact
    before = scratch.child("seal_state", min_age=int(SEAL_AGE))
    typical = some["seconds"] * (old_rows - 2000) / 2000
    inside = rounds = 0
    while inside < SEAL_KILLS and rounds < 2 * SEAL_KILLS:
        rounds += 1
        sealer = scratch.popen(
            _bin("wijkteam"), "accesslog_seal", "--min-age-seconds", SEAL_AGE, log="seal"
        )
        delay = kill_inside_write(scratch, sealer, typical=typical, rng=rng)
        state = scratch.child("seal_state", min_age=int(SEAL_AGE))
        if not state["ok"]:
            problems.append(f"kill {rounds}: chain broken: {state['reason']}")
        grew = state["sealed"] - before["sealed"]
        if grew not in (0, before["sealable"]):
            problems.append(f"kill {rounds}: {grew} of {before['sealable']} rows sealed (half)")
        inside += grew == 0
        whens.append(
            f"kill {rounds} at {delay:.1f} s: " + ("rolled back" if grew == 0 else "had finished")
        )
        if grew:  # all sealed already: give the next round old rows to seal
            old_rows += scratch.child("add_old_rows", rows=SEAL_ROWS)["added"]
            state = scratch.child("seal_state", min_age=int(SEAL_AGE))
        before = state
    if inside < SEAL_KILLS:
        problems.append(f"only {inside} of {rounds} kills landed inside the transaction")
    done = scratch.command("accesslog_seal", "--min-age-seconds", SEAL_AGE)
    final = scratch.child("seal_state", min_age=int(SEAL_AGE))
    if done.returncode != 0 or final["sealed"] != start["sealed"] + old_rows:
        problems.append(
            f"the run after the kills sealed {final['sealed'] - start['sealed']} of {old_rows} rows"
        )
    return FaultResult(
        "access-log sealing",
        f"'wijkteam accesslog_seal' while it seals {SEAL_ROWS} rows in one transaction",
        f"a random moment into its transaction (about {typical:.1f} s of work): "
        + "; ".join(whens),
        f"the 2,000 rows sealed before stayed intact and no row was half sealed; the run after "
        f"the kills sealed all {final['sealed'] - start['sealed']} old rows; "
        + _verify(scratch, problems),
        problems,
    )


SCENARIOS: dict[str, Callable[[Scratch, dict[str, Any], random.Random], FaultResult]] = {
    "plan": scenario_plan_save,
    "seal": scenario_seal,
}


def run(
    *,
    vendor: str,
    scenarios: list[str],
    report: Callable[[str], None],
    seed_value: int | None = None,
    keep: bool = False,
) -> list[FaultResult]:
    rng = random.Random(seed_value)  # noqa: S311  (kill moments, not secrets)
    workdir = Path(tempfile.mkdtemp(prefix="wijkteam-faultcheck-"))
    scratch = Scratch(vendor, workdir)
    results = []
    try:
        where = scratch.pg.get("dbname") if vendor == "postgresql" else scratch.sqlite_path
        report(f"scratch {vendor} database: {where}")
        started = time.monotonic()
        migrated = scratch.command("migrate", "--no-input", "-v", "0")
        if migrated.returncode != 0:
            raise FaultCheckError(f"migrate failed: {migrated.stderr.strip()[-2000:]}")
        seed = scratch.child("seed", plan_parts=PLAN_PARTS)
        report(f"migrated and filled in {time.monotonic() - started:.0f} s")
        for name in scenarios:
            started = time.monotonic()
            result = SCENARIOS[name](scratch, seed, rng)
            report(
                f"- {result.name} ({time.monotonic() - started:.0f} s)\n"
                f"    killed:   {result.killed}\n"
                f"    when:     {result.when}\n"
                f"    survived: {result.survived}\n"
                + "".join(f"    PROBLEM:  {p}\n" for p in result.problems)
                + f"    {'OK' if result.ok else 'FAILED'}"
            )
            results.append(result)
    finally:
        scratch.drop()
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return results
