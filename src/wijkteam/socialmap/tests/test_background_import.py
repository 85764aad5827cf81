"""Large imports run in the background; the result page shows a progress bar until done."""

from __future__ import annotations

import threading

import pytest
from django.urls import reverse

from wijkteam.conftest import build_world, verified_client
from wijkteam.socialmap import background
from wijkteam.socialmap.models import ImportJob, ImportStatus, Service


def _rows(n: int) -> tuple[list[str], list[list[str]]]:
    headers = ["external_id", "name", "provider", "type"]
    rows = [[f"bg-{i}", f"Dienst {i}", "Stichting Groot", "general"] for i in range(n)]
    return headers, rows


@pytest.mark.django_db(transaction=True)
def test_large_import_runs_in_the_background_with_progress() -> None:
    world = build_world()
    headers, rows = _rows(background.BACKGROUND_ROWS + 100)
    job = ImportJob.objects.create(
        municipality=world.municipality,
        created_by=world.admin,
        filename="groot.csv",
        kind="csv",
        headers=headers,
        rows=rows,
        mapping={"external_id": 0, "name": 1, "provider": 2, "service_type": 3},
    )
    before = {t.name for t in threading.enumerate()}
    client = verified_client(world.admin)
    response = client.post(reverse("socialmap:import_preview", args=[job.pk]), {"mode": "valid"})
    assert response.status_code == 302
    started = [
        t
        for t in threading.enumerate()
        if t.name.startswith("socialmap-import") and t.name not in before
    ]
    assert started, "the import did not start in a background thread"
    started[0].join(timeout=60)  # (the in-memory test database allows one user at a time)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.progress == 100
    assert Service.objects.filter(municipality=world.municipality).count() == len(rows)
    fragment = client.get(reverse("socialmap:import_result", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert 'data-done="true"' in fragment.content.decode()
    result = client.get(reverse("socialmap:import_result", args=[job.pk])).content.decode()
    assert f"{len(rows)} nieuw" in result


@pytest.mark.django_db
def test_small_import_stays_immediate(world) -> None:  # type: ignore[no-untyped-def]
    headers, rows = _rows(3)
    job = ImportJob.objects.create(
        municipality=world.municipality,
        created_by=world.admin,
        filename="klein.csv",
        kind="csv",
        headers=headers,
        rows=rows,
        mapping={"external_id": 0, "name": 1, "provider": 2, "service_type": 3},
    )
    from wijkteam.conftest import verified_client as client_for

    client_for(world.admin).post(
        reverse("socialmap:import_preview", args=[job.pk]), {"mode": "valid"}
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and Service.objects.count() == 3


@pytest.mark.django_db
def test_running_job_shows_a_polling_progress_bar(world, client_for) -> None:  # type: ignore[no-untyped-def]
    job = ImportJob.objects.create(
        municipality=world.municipality,
        created_by=world.admin,
        filename="groot.csv",
        kind="csv",
        status=ImportStatus.RUNNING,
        progress=40,
    )
    html = (
        client_for(world.admin)
        .get(reverse("socialmap:import_result", args=[job.pk]))
        .content.decode()
    )
    assert '<progress id="import-progress-bar"' in html and 'value="40"' in html
    assert 'hx-trigger="every 1s"' in html
