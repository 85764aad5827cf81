"""Fault injection: kill -9 real processes in the middle of their work, then check that
everything committed is there and nothing is half written.

Used by ``wijkteam faultcheck``. Everything runs against a scratch database made for the run
(a temporary SQLite file, or a fresh PostgreSQL database on the configured server), never the
configured one: the parent process starts and kills processes, reads a few counts directly and
checks the scratch database through child processes (``wijkteam faultcheck --child ...``, see
:mod:`wijkteam.tooling.faults.child`). The harness (scratch database, write probe, kill, HTTP
client, server) is in :mod:`.harness`, the faults in :mod:`.scenarios`.
"""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from wijkteam.tooling.faults.harness import FaultCheckError, FaultResult, Scratch
from wijkteam.tooling.faults.scenarios import PLAN_PARTS, SCENARIOS

__all__ = ["SCENARIOS", "FaultCheckError", "FaultResult", "run"]


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
        for name in [n for n in SCENARIOS if n in scenarios]:  # their order matters
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
