"""The faults: (a) the server during a plan save, (c) the job worker during a social-map
import, (b) the sealer mid-run. Each kills, restarts and checks through child processes
(``wijkteam faultcheck --child``, :mod:`wijkteam.tooling.faults.child`) that what was committed
is there, nothing is half written, no job stays running, and ``accesslog_verify`` passes.
"""

from __future__ import annotations

import contextlib
import random
import subprocess
import threading
import time
from collections.abc import Callable
from typing import Any

from wijkteam.tooling.faults.harness import (
    Browser,
    FaultResult,
    Scratch,
    _bin,
    kill_group,
    kill_inside_write,
    running_server,
    scalar,
    write_duration,
)

PLAN_PARTS = 80  # problems, goals, solutions and actions each: a save takes a while
SEAL_ROWS = 10_000  # unsealed access-log rows older than the seal age
PLAN_KILLS = 3
SEAL_KILLS = 2


def _verify(scratch: Scratch, problems: list[str]) -> str:
    done = scratch.command("accesslog_verify")
    if done.returncode != 0:
        problems.append(f"accesslog_verify failed: {done.stderr.strip()}")
        return "access log chain BROKEN"
    return done.stdout.strip()


_BROWSERS: dict[int, Browser] = {}


def _browser(scratch: Scratch, seed: dict[str, Any]) -> Browser:
    """One HTTP session per run: its session lives in the database across server restarts
    (a second login within the same 30 s would reuse the TOTP code, which is refused)."""
    return _BROWSERS.setdefault(id(scratch), Browser(""))


def _totp(scratch: Scratch, seed: dict[str, Any]) -> Callable[[], str]:
    """The code is computed by a child process, on the server's clock: this process may run
    with a moved clock (the test suite's --shift-date run)."""
    return lambda: str(scratch.child("totp_code", key=seed["totp_key"])["code"])


def _save_form(browser: Browser, household: int) -> tuple[str, dict[str, str]]:
    page = browser.request(f"/households/{household}/plan/")
    return browser.form(page, lambda a, _f: a.endswith("/plan/new-version/"))


def scenario_plan_save(scratch: Scratch, seed: dict[str, Any], rng: random.Random) -> FaultResult:
    """(a) gunicorn killed while it saves a new plan version (one transaction, ~400 rows)."""
    household = seed["household_id"]
    problems: list[str] = []
    whens = []
    browser = _browser(scratch, seed)

    def save_form() -> tuple[str, dict[str, str]]:
        return _save_form(browser, household)

    with running_server(scratch) as (_server, base):
        browser.base = base
        if not browser.logged_in:
            browser.login(seed["username"], seed["password"], _totp(scratch, seed))
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


def scenario_backup(scratch: Scratch, seed: dict[str, Any], rng: random.Random) -> FaultResult:
    """Backups taken while plan saves keep coming in restore whole; a killed backup leaves
    no file under its name."""
    problems: list[str] = []
    household = seed["household_id"]
    browser = _browser(scratch, seed)
    path = scratch.workdir / "during-writes.backup"
    killed_path = scratch.workdir / "killed.backup"
    saves: list[int] = []
    stop = threading.Event()

    def keep_saving() -> None:
        while not stop.is_set():
            saves.append(browser.request(*_save_form(browser, household))[0])

    with running_server(scratch) as (_server, base):
        browser.base = base
        if not browser.logged_in:
            browser.login(seed["username"], seed["password"], _totp(scratch, seed))
        writer = threading.Thread(target=keep_saving)
        writer.start()
        try:
            # One backup killed as soon as its copy is being written, one left to finish.
            doomed = scratch.popen(_bin("wijkteam"), "backup", str(killed_path), log="backup")
            part = killed_path.with_name(killed_path.name + ".part")
            _until(lambda: part.exists() or doomed.poll() is not None, 60)
            finished_first = doomed.poll() is not None
            kill_group(doomed)
            done = scratch.command("backup", str(path))
        finally:
            stop.set()
            writer.join(timeout=120)
    if done.returncode != 0:
        problems.append(f"backup failed: {done.stderr.strip()}")
    if killed_path.exists() and not finished_first:
        problems.append("the killed backup left a file under its name")
    target = Scratch(scratch.vendor, scratch.workdir / "restored")
    try:
        restored = target.command("restore", str(path))
        if restored.returncode != 0:
            problems.append(f"restore: {(restored.stderr or restored.stdout).strip()[-500:]}")
        state = target.child("plan_state", household_id=household) if not problems else {}
        problems += state.get("problems", [])
    finally:
        target.drop()
    return FaultResult(
        "backup while the app writes",
        "one 'wijkteam backup' (with its pg_dump on PostgreSQL) as soon as its copy file appeared",
        f"while a browser session saved {len(saves)} new plan versions in a row"
        + (" (the killed backup had already finished)" if finished_first else ""),
        "no file under the killed backup's name; the backup taken during the saves restored "
        f"into a fresh database with every table's row count and the access-log chain "
        f"verified, and {state.get('versions', '?')} complete plan versions",
        problems,
    )


# The sealer is run with this minimum age, and the rows this scenario adds (dated now, as
# while the sealer was stopped) are given that long before it starts (``add_rows`` waits on
# the server's clock). Rows dated now are never older than the last seal, which the sealer
# refuses as back-dated, and ids stay in time order (the chain relies on it).
SEAL_AGE = "2"


def scenario_seal(scratch: Scratch, seed: dict[str, Any], rng: random.Random) -> FaultResult:
    """(b) ``wijkteam accesslog_seal`` killed while it chains many rows."""
    problems: list[str] = []
    whens = []
    added = scratch.child("add_rows", rows=SEAL_ROWS, age=int(SEAL_AGE))["added"]
    some = scratch.child("seal_some", rows=2000)  # a first part sealed normally, to keep intact
    before = scratch.child("seal_state", min_age=int(SEAL_AGE))
    typical = some["seconds"] * (added - 2000) / 2000
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
        if grew:  # all sealed already: give the next round new rows to seal
            added += scratch.child("add_rows", rows=SEAL_ROWS, age=int(SEAL_AGE))["added"]
            state = scratch.child("seal_state", min_age=int(SEAL_AGE))
        before = state
    if inside < SEAL_KILLS:
        problems.append(f"only {inside} of {rounds} kills landed inside the transaction")
    done = scratch.command("accesslog_seal", "--min-age-seconds", SEAL_AGE)
    final = scratch.child("seal_state", min_age=int(SEAL_AGE))
    if done.returncode != 0 or final["ours_sealed"] != added or final["sealable"]:
        problems.append(
            f"after the kills {final['ours_sealed']} of the {added} added rows are sealed, "
            f"{final['sealable']} sealable rows are left"
        )
    return FaultResult(
        "access-log sealing",
        f"'wijkteam accesslog_seal' while it seals {SEAL_ROWS} rows in one transaction",
        f"a random moment into its transaction (about {typical:.1f} s of work): "
        + "; ".join(whens),
        f"the 2,000 rows sealed before stayed intact and no row was half sealed; the run after "
        f"the kills sealed all {final['ours_sealed']} added rows; " + _verify(scratch, problems),
        problems,
    )


IMPORT_ROWS = 6000
# When the worker is killed: (what, SQL count that must reach IMPORT_ROWS or >0, random delay)
IMPORT_KILLS = (
    ("while it stages the rows", "staged", 0.1),
    ("once every row is staged (the apply step)", "all_staged", 0.05),
    ("right after the apply committed (removing its staged rows)", "applied", 0.0),
)
# Short limits for the scratch worker so the run takes no minutes: the heartbeat lease after
# which a job counts as lost, and the redelivery of a task whose worker died.
WORKER_LIMITS = {
    "WIJKTEAM_IMPORT_LEASE_SECONDS": "3",
    "WIJKTEAM_JOB_TIMEOUT_SECONDS": "15",
    "WIJKTEAM_JOB_RETRY_SECONDS": "16",
    "WIJKTEAM_JOB_WORKERS": "1",
}


def _worker(scratch: Scratch) -> subprocess.Popen[bytes]:
    scratch.env.update(WORKER_LIMITS)
    return scratch.popen(_bin("wijkteam"), "qcluster", log="qcluster")


def _until(check: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def scenario_import(scratch: Scratch, seed: dict[str, Any], rng: random.Random) -> FaultResult:
    """(c) the job worker (``wijkteam qcluster``) killed during a social-map import."""
    problems: list[str] = []
    whens = []
    for round_, (moment, sign, most) in enumerate(IMPORT_KILLS, start=1):
        job = scratch.child("import_start", rows=IMPORT_ROWS)
        # Our own job id (an int) and id prefix ("f<n>-"): no outside input in this SQL.
        job_id, prefix = int(job["job_id"]), str(job["prefix"])
        staged = f"SELECT count(*) FROM socialmap_importstagedservice WHERE job_id = {job_id}"  # noqa: S608
        live = f"SELECT count(*) FROM socialmap_service WHERE external_id LIKE '{prefix}%'"  # noqa: S608
        reached_when = {
            "staged": lambda staged=staged: scalar(scratch, staged) > 0,
            "all_staged": lambda staged=staged: scalar(scratch, staged) >= IMPORT_ROWS,
            "applied": lambda live=live: scalar(scratch, live) >= IMPORT_ROWS,
        }[sign]
        worker = _worker(scratch)
        reached = _until(reached_when, 120)
        delay = rng.uniform(0.0, most)
        time.sleep(delay)
        kill_group(worker)
        if not reached:
            problems.append(f"kill {round_}: the worker did not reach the moment {moment}")
        after_kill = scratch.child("import_state", **job)
        if after_kill["live"] not in (0, IMPORT_ROWS):
            problems.append(f"kill {round_}: {after_kill['live']} of {IMPORT_ROWS} rows applied")
        applied = after_kill["live"] == IMPORT_ROWS

        # Restart: the task is handed out again (or the sweep runs), ends the job and removes
        # its staged and uploaded rows.
        def settled(job: dict[str, Any] = job) -> bool:
            state = scratch.child("import_state", **job)
            return state["status"] != "running" and not state["staged"] + state["uploaded_rows"]

        worker = _worker(scratch)
        try:
            ended = _until(settled, 150)
        finally:
            kill_group(worker)
        final = scratch.child("import_state", **job)
        expected = "done" if applied else "failed"
        if not ended or final["status"] != expected:
            problems.append(f"kill {round_}: the job is {final['status']}, expected {expected}")
        if final["staged"] or final["uploaded_rows"]:
            problems.append(
                f"kill {round_}: {final['staged']} staged and {final['uploaded_rows']} uploaded "
                "rows were left behind"
            )
        if final["live"] != after_kill["live"]:
            problems.append(f"kill {round_}: the restart changed the social map")
        whens.append(
            f"kill {round_} {moment}, {delay * 1000:.0f} ms after it was reached: "
            + ("the import had committed whole" if applied else "nothing reached the social map")
            + f", after the restart the job is {final['status']}"
        )
    return FaultResult(
        "social-map import",
        f"the job worker ('wijkteam qcluster', its process group) during imports of "
        f"{IMPORT_ROWS} services started as the preview page starts them",
        "; ".join(whens),
        "each import is all or nothing on the live social map, no job stays 'running', staged "
        f"and uploaded rows are removed; {_verify(scratch, problems)}",
        problems,
    )


SCENARIOS: dict[str, Callable[[Scratch, dict[str, Any], random.Random], FaultResult]] = {
    "plan": scenario_plan_save,
    "backup": scenario_backup,
    "import": scenario_import,
    "seal": scenario_seal,
}
