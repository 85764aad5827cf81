"""The job runner for real: a ``wijkteam qcluster`` process (on a SQLite file, or on
PostgreSQL in a PostgreSQL run) runs an import end to end and the access-log seal schedule;
a SIGKILL mid-import leaves nothing half."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from wijkteam.jobs.tests.worker import Worker

# Run in the worker's database through `wijkteam shell`: the test world, an import job of
# N rows started exactly as the preview page starts it, and an access-log row old enough
# to be sealed.
SETUP = """
import datetime as dt
from django.db import transaction
from django.utils import timezone
from wijkteam.conftest import build_world
from wijkteam.privacy.models import AccessLogEntry
from wijkteam.socialmap import background
from wijkteam.socialmap.models import ImportJob
world = build_world()
rows = [[f"w-{{i}}", f"Dienst {{i}}", f"Stichting {{i % 9}}", "general"] for i in range({rows})]
with transaction.atomic():
    job = ImportJob.objects.create(
        municipality=world.municipality, created_by=world.admin, filename="groot.csv",
        kind="csv", headers=["id", "naam", "aanbieder", "soort"], rows=rows,
        mapping={{"external_id": 0, "name": 1, "provider": 2, "service_type": 3}},
    )
    AccessLogEntry.objects.create(
        event="read", occurred_at=timezone.now() - dt.timedelta(minutes=10), outcome="granted",
        actor=world.admin, actor_name="Admin Test", actor_role="admin", on_behalf_of="Test",
        object_type="test", object_id="1",
        purpose="worker test",
    )
    background.start(job, world.admin, False)
print(job.pk)
"""


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[Worker]:
    w = Worker(tmp_path)
    w.manage("migrate", "--noinput", "-v0", timeout=300)
    yield w
    if w.process is not None:
        # Nothing is checked after the test: no graceful stop, which waits out the
        # cluster's own 30 s shutdown timeout when a task is mid-retry.
        w.kill()
    w.drop()


def _job(worker: Worker, job_id: int) -> tuple[str, int, str]:
    [(status, progress, rows)] = worker.query(
        "SELECT status, progress, rows FROM socialmap_importjob WHERE id = ?", job_id
    )
    return status, progress, rows if isinstance(rows, str) else json.dumps(rows)  # (jsonb)


def _count(worker: Worker, table: str) -> int:
    return worker.query(f"SELECT count(*) FROM {table}")[0][0]


@pytest.mark.long
def test_worker_runs_an_import_end_to_end_and_seals_the_access_log(worker: Worker) -> None:
    job_id = int(worker.python(SETUP.format(rows=1200)).strip())
    assert _job(worker, job_id)[0] == "running" and _count(worker, "socialmap_service") == 0
    names = {n for (n,) in worker.query("SELECT name FROM django_q_schedule")}
    assert {"accesslog-seal", "import-sweep", "retention-daily", "reminders-daily"} <= names
    worker.start()
    worker.wait_for(lambda: _job(worker, job_id)[0] == "done", 90, "the import is done")
    assert _count(worker, "socialmap_service") == 1200
    assert _job(worker, job_id)[2] == "[]"  # the uploaded rows are gone
    # The staged rows go after the apply commits, in batches of their own.
    worker.wait_for(
        lambda: _count(worker, "socialmap_importstagedservice") == 0, 60, "staged rows removed"
    )
    # The scheduler starts due schedules about every 30 s; the seal runs every minute.
    sealed = "SELECT count(*) FROM privacy_accesslogentry WHERE seal_seq IS NOT NULL"
    worker.wait_for(lambda: worker.query(sealed)[0][0] >= 1, 120, "the access log is sealed")
    worker.stop()
    assert "OK" in worker.manage("accesslog_verify")


@pytest.mark.long
def test_killing_the_worker_mid_import_leaves_no_half_import_and_fails_the_job(
    worker: Worker,
) -> None:
    job_id = int(worker.python(SETUP.format(rows=20_000)).strip())
    # Short limits so the test needs no minutes: the lease, and the redelivery of the task.
    limits = {
        "WIJKTEAM_IMPORT_LEASE_SECONDS": "3",
        "WIJKTEAM_JOB_TIMEOUT_SECONDS": "30",
        "WIJKTEAM_JOB_RETRY_SECONDS": "31",
    }
    worker.start(**limits)
    worker.wait_for(
        lambda: _count(worker, "socialmap_importstagedservice") > 0, 120, "staging started"
    )
    worker.kill()
    status, progress, _rows = _job(worker, job_id)
    assert status == "running" and progress < 100
    assert _count(worker, "socialmap_service") == 0, "a half import reached the social map"
    # After the lease a page reading the job sees that its worker is gone.
    lost = (
        "from wijkteam.socialmap.models import ImportJob; "
        f"print(ImportJob.objects.get(pk={job_id}).lost_worker())"
    )
    worker.wait_for(lambda: worker.python(lost, **limits).strip() == "True", 30, "seen as lost")
    # A new worker (or the sweep) marks the job failed and removes its rows.
    worker.start(**limits)
    worker.wait_for(lambda: _job(worker, job_id)[0] == "failed", 120, "the job is failed")
    worker.wait_for(
        lambda: _count(worker, "socialmap_importstagedservice") == 0, 30, "staged rows removed"
    )
    assert _count(worker, "socialmap_service") == 0
    assert _job(worker, job_id)[2] == "[]"
