"""The recurring jobs, as data. ``jobs_schedule()`` makes the django-q2 ``Schedule`` rows match
this list; it runs after every ``migrate`` (apps.py) and as ``wijkteam jobs_schedule``.

Optional hooks (purge functions of other parts of the product) are named by dotted path and
scheduled only when that function can be imported; the next ``migrate`` picks up a hook that
arrives later.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone


@dataclass(frozen=True)
class Job:
    name: str
    func: str  # dotted path, resolved by the worker when it runs
    every_minutes: int  # 1 = every minute, 1440 = daily
    optional: bool = False  # scheduled only when ``func`` can be imported
    at_hour: int | None = None  # daily jobs: first run at this local hour


SCHEDULES: tuple[Job, ...] = (
    Job("accesslog-seal", "wijkteam.jobs.tasks.accesslog_seal", 1),
    # PostgreSQL: the access log's monthly partitions, made months ahead (privacy/partitions.py).
    Job("accesslog-partitions", "wijkteam.jobs.tasks.accesslog_partitions", 1440, at_hour=1),
    Job("import-sweep", "wijkteam.socialmap.background.sweep_stale_jobs", 1),
    Job("retention-daily", "wijkteam.jobs.tasks.retention_daily", 1440, at_hour=2),
    Job("reminders-daily", "wijkteam.jobs.tasks.reminders_daily", 1440, at_hour=7),
    Job(
        "idempotency-purge",
        "wijkteam.core.idempotency.idempotency_purge",
        1440,
        optional=True,
        at_hour=3,
    ),
    Job("draft-purge", "wijkteam.accounts.services.draft_purge", 1440, optional=True, at_hour=3),
    # Steering summary: the last three months every 15 minutes, everything nightly.
    Job("steering-refresh", "wijkteam.steering.summaries.summaries_refresh_recent", 15),
    # Small-number protection: recompute the stored pattern of each year whose summary changed.
    Job("steering-patterns", "wijkteam.steering.protection.refresh_patterns_job", 15),
    Job(
        "steering-refresh-all",
        "wijkteam.steering.summaries.summaries_refresh_all",
        1440,
        at_hour=4,
    ),
)


def importable(dotted: str) -> bool:
    module_name, _, attr = dotted.rpartition(".")
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return False
    return callable(getattr(module, attr, None))


def _first_run(job: Job) -> dt.datetime:
    now = timezone.localtime()
    if job.at_hour is None:
        return now
    first = now.replace(hour=job.at_hour, minute=0, second=0, microsecond=0)
    return first if first > now else first + dt.timedelta(days=1)


def jobs_schedule(*, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Create or update one schedule per job (idempotent); returns the names scheduled."""
    from django_q.models import Schedule

    scheduled = []
    for job in SCHEDULES:
        if job.optional and not importable(job.func):
            Schedule.objects.using(using).filter(name=job.name).delete()
            continue
        existing = Schedule.objects.using(using).filter(name=job.name).first()
        if existing is None:
            Schedule.objects.using(using).create(
                name=job.name,
                func=job.func,
                schedule_type=Schedule.MINUTES,
                minutes=job.every_minutes,
                repeats=-1,
                next_run=_first_run(job),
            )
        elif (existing.func, existing.minutes) != (job.func, job.every_minutes):
            existing.func = job.func
            existing.schedule_type = Schedule.MINUTES
            existing.minutes = job.every_minutes
            existing.save(using=using)
        scheduled.append(job.name)
    return scheduled
