"""The schedules are created by migrate, idempotently, and name functions that exist."""

from __future__ import annotations

import pydoc

import pytest
from django_q.models import Schedule

from wijkteam.jobs import schedules


@pytest.mark.django_db
def test_migrate_created_every_schedule_once_and_again_changes_nothing() -> None:
    names = set(Schedule.objects.values_list("name", flat=True))
    assert {"accesslog-seal", "import-sweep", "retention-daily", "reminders-daily"} <= names
    seal = Schedule.objects.get(name="accesslog-seal")
    assert (seal.schedule_type, seal.minutes, seal.repeats) == (Schedule.MINUTES, 1, -1)
    assert Schedule.objects.get(name="retention-daily").minutes == 1440
    before = list(Schedule.objects.order_by("pk").values_list("pk", "name", "next_run"))
    schedules.jobs_schedule()
    assert list(Schedule.objects.order_by("pk").values_list("pk", "name", "next_run")) == before


@pytest.mark.django_db
def test_every_scheduled_function_can_be_loaded_by_a_worker() -> None:
    for schedule in Schedule.objects.all():
        assert callable(pydoc.locate(schedule.func)), schedule.func


@pytest.mark.django_db
def test_optional_hooks_are_scheduled_only_when_they_exist() -> None:
    optional = {job.name: job for job in schedules.SCHEDULES if job.optional}
    scheduled = set(Schedule.objects.values_list("name", flat=True))
    for name, job in optional.items():
        assert (name in scheduled) == schedules.importable(job.func)
    assert not schedules.importable("wijkteam.core.nowhere.nothing")
