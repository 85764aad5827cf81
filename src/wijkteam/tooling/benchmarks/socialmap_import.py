"""How long does a large import hold the database's write lock? ``wijkteam
socialmap_import_benchmark [--rows 20000]`` prints JSON.

It imports the same generated file twice into a throwaway municipality: once in one
transaction (``import_rows``, what small files do) and once as a background job does it
(staged in batches, then ``staging.apply``). Meanwhile a second connection ("probe") takes
and releases SQLite's write lock (``BEGIN IMMEDIATE; COMMIT``) every 20 ms, as other
requests would, and records how long each attempt waited. Everything created is deleted
afterwards. On PostgreSQL there is no database-wide write lock; the probe is skipped.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from typing import Any

from django.db import connection, transaction

from wijkteam.accounts.models import Membership, Role, SecrecyStatus, User
from wijkteam.organisations.models import Municipality
from wijkteam.privacy.policy import Actor
from wijkteam.socialmap import background, importing, staging
from wijkteam.socialmap.columns import auto_mapping
from wijkteam.socialmap.models import ImportJob, ImportStatus, Provider, Service

HEADERS = ["id", "naam", "aanbieder", "soort", "omschrijving", "doelgroep"]


class Probe(threading.Thread):
    """Another writer: how long does it wait for the write lock, attempt by attempt?"""

    def __init__(self, path: str) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.attempts: list[tuple[float, float]] = []  # (started, waited)
        self.running = True
        self.mark = time.perf_counter()

    def run(self) -> None:
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        while self.running:
            started = time.perf_counter()
            db.execute("BEGIN IMMEDIATE")
            db.execute("COMMIT")
            self.attempts.append((started, time.perf_counter() - started))
            time.sleep(0.02)
        db.close()

    def phase(self) -> dict[str, Any]:
        """The attempts that started since the previous phase ended (waits may end later)."""
        begin, self.mark = self.mark, time.perf_counter()
        while self.running and not any(s >= self.mark for s, _w in self.attempts):
            time.sleep(0.01)  # let the attempt in flight finish, so its wait is known
        waits = [w for s, w in self.attempts if begin <= s < self.mark]
        ordered = sorted(waits) or [0.0]
        return {
            "probe_writes": len(waits),
            "probe_p50_wait_ms": round(ordered[len(ordered) // 2] * 1000, 1),
            "probe_p95_wait_ms": round(ordered[int(len(ordered) * 0.95)] * 1000, 1),
            "probe_max_wait_ms": round(ordered[-1] * 1000, 1),
        }


def _rows(count: int) -> list[list[str]]:
    return [
        [f"bench-{i}", f"Dienst {i} schuldhulp", f"Stichting {i % 40}", "general",
         f"Hulp bij geldzaken en administratie, locatie {i % 97}", "volwassenen"]
        for i in range(count)
    ]  # fmt: skip


def run(rows: int = 20_000) -> dict[str, Any]:
    sqlite = connection.vendor == "sqlite"
    stamp = time.time_ns()
    with transaction.atomic():
        municipality = Municipality.objects.create(name=f"Importbenchmark {stamp}")
        user = User.objects.create(username=f"import-bench-{stamp}")
        Membership.objects.create(
            user=user, municipality=municipality, role=Role.FUNCTIONAL_ADMIN,
            secrecy_status=SecrecyStatus.NOT_APPLICABLE,
        )  # fmt: skip
    actor = Actor(user=user, purpose="benchmark")
    data = _rows(rows)
    mapping = auto_mapping(HEADERS)
    probe = Probe(str(connection.settings_dict["NAME"])) if sqlite else None
    result: dict[str, Any] = {"rows": rows, "database": connection.vendor}
    try:
        if probe:
            probe.start()
            time.sleep(0.2)
            probe.phase()  # idle baseline, not reported
        started = time.perf_counter()
        importing.import_rows(
            actor=actor, municipality=municipality, rows=data, mapping=mapping,
            all_or_nothing=True,
        )  # fmt: skip
        result["one_transaction_s"] = round(time.perf_counter() - started, 3)
        if probe:
            result["one_transaction"] = probe.phase()
        with transaction.atomic():
            Service.objects.filter(municipality=municipality).delete()
            Provider.objects.filter(municipality=municipality).delete()
        job = ImportJob.objects.create(
            municipality=municipality, created_by=user, filename="bench.csv", kind="csv",
            headers=HEADERS, rows=data, mapping=mapping, status=ImportStatus.RUNNING,
        )  # fmt: skip
        token = background._take(job.pk)
        assert token is not None
        if probe:
            probe.phase()  # the deletes in between, not reported
        started = time.perf_counter()
        plan = importing.import_plan(
            actor=actor, municipality=municipality, rows=data, mapping=mapping,
            all_or_nothing=True,
        )  # fmt: skip
        result["staged_plan_s"] = round(time.perf_counter() - started, 3)
        started = time.perf_counter()
        staging.stage(job=job, plan=plan, token=token)
        result["staged_batches"] = -(-len(plan.changes) // staging.BATCH)
        result["staged_stage_s"] = round(time.perf_counter() - started, 3)
        if probe:
            result["staging"] = probe.phase()
        started = time.perf_counter()
        staging.apply(job=job, token=token, report=plan.report.as_dict())
        result["staged_apply_s"] = round(time.perf_counter() - started, 3)
        result["staged_apply_statements"] = staging.APPLY_STATEMENTS
        if probe:
            result["apply"] = probe.phase()
        started = time.perf_counter()
        staging.cleanup(job.pk)
        result["staged_cleanup_s"] = round(time.perf_counter() - started, 3)
        result["services_after"] = Service.objects.filter(municipality=municipality).count()
    finally:
        if probe:
            probe.running = False
            probe.join()
        with transaction.atomic():
            Service.objects.filter(municipality=municipality).delete()
            Provider.objects.filter(municipality=municipality).delete()
            ImportJob.objects.filter(municipality=municipality).delete()
            Membership.objects.filter(user=user).delete()
            user.delete()
            municipality.delete()
    result["load_average_1m"] = round(os.getloadavg()[0], 2)
    return result
