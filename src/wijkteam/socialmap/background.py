"""Large imports run as a job on the job runner (django-q2, see docs/architecture.md).

The request that starts an import marks the job running and enqueues ``run_import_job`` in
the same transaction; any worker (``wijkteam qcluster``) picks it up. The worker takes a lease on the
job (a token), stages the services in short batches with a heartbeat in each, and applies
them in one short transaction (``staging.py``) that also marks the job done. If the worker
dies, nothing reached the live social map; the job's heartbeat goes stale, so the result page
says the import stopped, and ``sweep_stale_jobs`` (every minute) marks it failed and removes
its rows. django-q2 hands the task out again after ``retry`` seconds; the task then sees the
job is no longer running and only cleans up: an editor restarts an import, not the runner.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from wijkteam.accounts.models import User
from wijkteam.privacy import denials, policy
from wijkteam.privacy.policy import Actor
from wijkteam.socialmap import importing, staging
from wijkteam.socialmap.models import ImportJob, ImportStatus

logger = logging.getLogger(__name__)

# Files with more rows than this import in the background with a progress bar.
BACKGROUND_ROWS = 500
TASK = "wijkteam.socialmap.background.run_import_job"
ABANDONED_UPLOAD_HOURS = 24


def start(job: ImportJob, user: User, all_or_nothing: bool) -> None:
    """Mark the job running (waiting for a worker) and enqueue it, in this transaction.

    The queue is a table in the same database (ORM broker), so the task row commits with
    the job's new state or not at all: no job waits for a task that was never queued."""
    from django_q.tasks import async_task

    with transaction.atomic():
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.RUNNING, progress=5, started_at=None, heartbeat_at=None
        )
        async_task(TASK, job.pk, user.pk, all_or_nothing, task_name=f"socialmap-import-{job.pk}")


def _take(job_id: int) -> str | None:
    """Take the lease on a job that is waiting for a worker; None when it is not (any more)."""
    token = uuid.uuid4().hex
    now = timezone.now()
    taken = ImportJob.objects.filter(
        pk=job_id, status=ImportStatus.RUNNING, started_at__isnull=True
    ).update(
        lease_token=token, started_at=now, heartbeat_at=now, progress=10, attempts=F("attempts") + 1
    )
    return token if taken else None


def run_import_job(job_id: int, user_id: int, all_or_nothing: bool) -> str:
    """The task: plan (read only), stage in batches, apply in one short transaction."""
    token = _take(job_id)
    if token is None:
        # Handed out again after a crash, or swept: the job is not waiting any more.
        job_fail(job_id=job_id, crashed=True)
        return "not running"
    job = ImportJob.objects.select_related("municipality").get(pk=job_id)
    actor = Actor(user=User.objects.get(pk=user_id), purpose="social map import")
    try:
        try:
            # The person's rights are checked again when the job runs (they may have lost
            # them since they started it); a refusal is logged like one in a request.
            with denials.refusals_logged(actor, where="social map import"):
                plan = importing.import_plan(
                    actor=actor,
                    municipality=job.municipality,
                    rows=job.rows,
                    mapping=importing.clean_mapping(job.mapping, len(job.headers)),
                    all_or_nothing=all_or_nothing,
                )
        except policy.AccessDenied:
            job_fail(
                job_id=job_id,
                report={"refused": True, "crashed": False, "not_allowed": True},
                token=token,
            )
            return "refused"
        if plan.report.refused:
            job_fail(job_id=job_id, report=plan.report.as_dict(), token=token)
            return "refused"
        staging.stage(job=job, plan=plan, token=token)
        staging.apply(job=job, token=token, report=plan.report.as_dict())
    except staging.LeaseLost:
        logger.warning("import job %s lost its lease; nothing was applied", job_id)
        staging.cleanup(job_id)
        return "lease lost"
    except Exception:
        job_fail(job_id=job_id, crashed=True, token=token)
        raise
    staging.cleanup(job_id)
    importing.analyze_after_bulk_change(len(plan.changes))
    return "done"


def job_fail(
    *,
    job_id: int,
    crashed: bool = False,
    report: dict[str, object] | None = None,
    token: str | None = None,
) -> None:
    """Mark a job failed (if it still runs: under ``token`` when given) and remove its rows."""
    running = ImportJob.objects.filter(pk=job_id, status=ImportStatus.RUNNING)
    if token is not None:
        running = running.filter(lease_token=token)
    running.update(
        status=ImportStatus.FAILED,
        progress=100,
        rows=[],
        heartbeat_at=None,
        report=report or {"refused": True, "crashed": crashed},
    )
    ImportJob.objects.filter(pk=job_id).exclude(status=ImportStatus.RUNNING).update(rows=[])
    staging.cleanup(job_id)


def sweep_stale_jobs() -> int:
    """Every minute: fail running jobs whose worker died, remove abandoned uploads."""
    now = timezone.now()
    lease = dt.timedelta(seconds=settings.IMPORT_LEASE_SECONDS)
    stale = list(
        ImportJob.objects.filter(
            status=ImportStatus.RUNNING, heartbeat_at__lt=now - lease
        ).values_list("pk", flat=True)
    )
    for job_id in stale:
        logger.warning("import job %s lost its worker; marked failed", job_id)
        job_fail(job_id=job_id, crashed=True)
    ImportJob.objects.filter(
        status=ImportStatus.UPLOADED,
        created_at__lt=now - dt.timedelta(hours=ABANDONED_UPLOAD_HOURS),
    ).delete()
    return len(stale)
