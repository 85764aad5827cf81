"""Large imports run as a job: staged in short batches, applied in one short transaction, and
a job whose worker died is shown as stopped (the worker process itself: jobs/tests)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_q.models import OrmQ

from wijkteam.conftest import World
from wijkteam.privacy.policy import Actor
from wijkteam.socialmap import background, importing, staging
from wijkteam.socialmap.models import (
    ImportJob,
    ImportStagedService,
    ImportStagedToken,
    ImportStatus,
    Service,
    ServiceToken,
)

MAPPING = {"external_id": 0, "name": 1, "provider": 2, "service_type": 3}


def _rows(n: int, prefix: str = "bg") -> tuple[list[str], list[list[str]]]:
    headers = ["external_id", "name", "provider", "type"]
    rows = [[f"{prefix}-{i}", f"Dienst {i}", f"Stichting {i % 7}", "general"] for i in range(n)]
    return headers, rows


def _job(world: World, n: int) -> ImportJob:
    headers, rows = _rows(n)
    return ImportJob.objects.create(
        municipality=world.municipality,
        created_by=world.admin,
        filename="groot.csv",
        kind="csv",
        headers=headers,
        rows=rows,
        mapping=MAPPING,
    )


@pytest.mark.django_db
def test_large_import_is_enqueued_as_a_job_and_applied_by_the_task(world, client_for) -> None:  # type: ignore[no-untyped-def]
    job = _job(world, background.BACKGROUND_ROWS + 100)
    client = client_for(world.admin)
    response = client.post(reverse("socialmap:import_preview", args=[job.pk]), {"mode": "valid"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING and job.started_at is None
    assert OrmQ.objects.count() == 1, "the import was not handed to the job runner"
    waiting = client.get(reverse("socialmap:import_result", args=[job.pk])).content.decode()
    assert "Wachten op" in waiting and not Service.objects.exists()

    # What a worker does with the queued task (the worker process itself: jobs/tests).
    assert background.run_import_job(job.pk, world.admin.pk, False) == "done"
    job.refresh_from_db()
    assert (job.status, job.progress, job.rows) == (ImportStatus.DONE, 100, [])
    assert Service.objects.filter(municipality=world.municipality).count() == 600
    assert not ImportStagedService.objects.exists() and not ImportStagedToken.objects.exists()
    found = Service.objects.get(external_id="bg-42")
    assert found.provider.name == "Stichting 0" and found.type_rank == 0
    assert ServiceToken.objects.filter(service=found, token="dienst").exists()
    fragment = client.get(reverse("socialmap:import_result", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert 'data-done="true"' in fragment.content.decode()
    result = client.get(reverse("socialmap:import_result", args=[job.pk])).content.decode()
    assert "600 nieuw" in result
    # Handed out again (as after a crash): the task sees the job is done and changes nothing.
    assert background.run_import_job(job.pk, world.admin.pk, False) == "not running"
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE


@pytest.mark.django_db
def test_staged_import_updates_changes_and_matches_the_immediate_import(world: World) -> None:
    actor = Actor(user=world.admin)
    headers, rows = _rows(30)
    importing.import_rows(
        actor=actor, municipality=world.municipality, rows=rows, mapping=MAPPING,
        all_or_nothing=True,
    )  # fmt: skip
    rows[0][1] = "Schuldhulp Noord"  # changed
    rows.append(["bg-new", "Nieuwe dienst", "Nieuwe Stichting", "tailored"])
    job = ImportJob.objects.create(
        municipality=world.municipality, created_by=world.admin, filename="x.csv", kind="csv",
        headers=headers, rows=rows, mapping=MAPPING, status=ImportStatus.RUNNING,
    )  # fmt: skip
    assert background.run_import_job(job.pk, world.admin.pk, True) == "done"
    job.refresh_from_db()
    assert (job.report["created"], job.report["changed"], job.report["unchanged"]) == (1, 1, 29)
    changed = Service.objects.get(external_id="bg-0")
    assert changed.name == "Schuldhulp Noord"
    assert ServiceToken.objects.filter(service=changed, token__startswith="schuld").exists()
    assert not ServiceToken.objects.filter(service=changed, token="dienst").exists()
    new = Service.objects.get(external_id="bg-new")
    assert new.provider.name == "Nieuwe Stichting" and new.type_rank == 3
    assert new.owner == world.admin
    assert Service.objects.count() == 31


@pytest.mark.django_db
def test_apply_of_20000_rows_is_a_fixed_number_of_statements(world: World) -> None:
    """The write lock is held only by the apply step: stage batches are short transactions of
    their own, and the apply runs the same few set-based statements whatever the size."""
    job = _job(world, importing.MAX_ROWS)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    token = background._take(job.pk)
    assert token is not None
    plan = importing.import_plan(
        actor=Actor(user=world.admin), municipality=world.municipality, rows=job.rows,
        mapping=MAPPING, all_or_nothing=True,
    )  # fmt: skip
    with CaptureQueriesContext(connection) as staged:
        staging.stage(job=job, plan=plan, token=token)
    batches = [q for q in staged.captured_queries if "heartbeat_at" in q["sql"]]
    assert len(batches) == importing.MAX_ROWS // staging.BATCH  # one heartbeat per batch
    assert not Service.objects.exists(), "staging touched the live social map"
    with CaptureQueriesContext(connection) as applied:
        staging.apply(job=job, token=token, report=plan.report.as_dict())
    writes = [
        q["sql"]
        for q in applied.captured_queries
        if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
    ]
    assert len(writes) == staging.APPLY_STATEMENTS
    assert Service.objects.count() == importing.MAX_ROWS
    assert ServiceToken.objects.filter(service__external_id="bg-19999").count() >= 2


@pytest.mark.django_db
def test_a_job_whose_worker_died_is_shown_as_stopped_and_swept(world, client_for) -> None:  # type: ignore[no-untyped-def]
    job = _job(world, 700)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    token = background._take(job.pk)
    assert token is not None
    plan = importing.import_plan(
        actor=Actor(user=world.admin), municipality=world.municipality, rows=job.rows,
        mapping=MAPPING, all_or_nothing=True,
    )  # fmt: skip
    staging.stage(job=job, plan=plan, token=token)  # ... and then the worker is gone
    client = client_for(world.admin)
    url = reverse("socialmap:import_result", args=[job.pk])
    assert "Bezig met inlezen" in client.get(url).content.decode()
    later = timezone.now() + dt.timedelta(seconds=120)
    with time_machine.travel(later, tick=False):
        page = client.get(url).content.decode()
        assert "Er is niets geïmporteerd" in page and "%" not in page.split('role="alert"')[1]
        assert background.sweep_stale_jobs() == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.rows == []
    assert not ImportStagedService.objects.exists() and not Service.objects.exists()
    assert "Er is niets geïmporteerd" in client.get(url).content.decode()  # and stays so
    # A late apply by the lost worker is refused: nothing half, nothing late.
    with pytest.raises(staging.LeaseLost):
        staging.apply(job=job, token=token, report=plan.report.as_dict())
    assert not Service.objects.exists()


@pytest.mark.django_db
def test_small_import_stays_immediate(world, client_for) -> None:  # type: ignore[no-untyped-def]
    headers, rows = _rows(3)
    job = ImportJob.objects.create(
        municipality=world.municipality, created_by=world.admin, filename="klein.csv",
        kind="csv", headers=headers, rows=rows, mapping=MAPPING,
    )  # fmt: skip
    client_for(world.admin).post(
        reverse("socialmap:import_preview", args=[job.pk]), {"mode": "valid"}
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and Service.objects.count() == 3
    assert not OrmQ.objects.exists()


@pytest.mark.django_db
def test_running_job_shows_a_polling_progress_bar(world, client_for) -> None:  # type: ignore[no-untyped-def]
    job = ImportJob.objects.create(
        municipality=world.municipality,
        created_by=world.admin,
        filename="groot.csv",
        kind="csv",
        status=ImportStatus.RUNNING,
        progress=40,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    html = (
        client_for(world.admin)
        .get(reverse("socialmap:import_result", args=[job.pk]))
        .content.decode()
    )
    assert '<progress id="import-progress-bar"' in html and 'value="40"' in html
    assert 'hx-trigger="every 1s"' in html


@pytest.mark.django_db
def test_a_refused_background_import_changes_nothing_and_drops_the_rows(world: World) -> None:
    job = _job(world, 600)
    job.rows[10][3] = "onbekend soort"  # one invalid row, and the editor chose all or nothing
    job.status = ImportStatus.RUNNING
    job.save()
    assert background.run_import_job(job.pk, world.admin.pk, True) == "refused"
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.rows == [] and job.report["refused"]
    assert job.report["rejected"][0]["line"] == 12
    assert not Service.objects.exists() and not ImportStagedService.objects.exists()


@pytest.mark.django_db
def test_the_sweep_removes_uploads_abandoned_for_a_day(world: World) -> None:
    abandoned = _job(world, 3)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=25), tick=False):
        fresh = _job(world, 3)
        background.sweep_stale_jobs()
    assert not ImportJob.objects.filter(pk=abandoned.pk).exists()
    assert ImportJob.objects.filter(pk=fresh.pk).exists()
