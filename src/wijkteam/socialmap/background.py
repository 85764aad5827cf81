"""Large imports run in a background thread after the request commits; the result page
polls the job's progress (htmx, every second) until it is done.

A thread inside the app server is enough here: an import is one transaction of at most a few
seconds (5,000 services in about 4 s), it is started once by one editor, and the job row in the
database carries the state, so any app server can show the progress. If the process dies
mid-import, the transaction rolls back and the job stays "running"; the editor uploads again.
"""

from __future__ import annotations

import threading

from django.db import DEFAULT_DB_ALIAS, close_old_connections, connection, connections, transaction

from wijkteam.accounts.models import User
from wijkteam.privacy.policy import Actor
from wijkteam.socialmap import importing
from wijkteam.socialmap.models import ImportJob, ImportStatus

# Files with more rows than this import in the background with a progress bar.
BACKGROUND_ROWS = 500


def run_import(job_id: int, user_id: int, all_or_nothing: bool) -> None:
    """Do the import of one job and store its report (used by the thread, and by tests)."""
    job = ImportJob.objects.select_related("municipality").get(pk=job_id)
    actor = Actor(user=User.objects.get(pk=user_id), purpose="social map import")

    # Progress goes through a second connection in autocommit, so other requests see it while
    # the import's own transaction is still open. SQLite allows one writer at a time, so
    # there the bar jumps from start to end.
    side = (
        connections.create_connection(DEFAULT_DB_ALIAS) if connection.vendor != "sqlite" else None
    )

    def progress(percent: int) -> None:
        if side is not None:
            with side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {ImportJob._meta.db_table} SET progress = %s WHERE id = %s",  # noqa: S608
                    [percent, job_id],
                )

    try:
        with transaction.atomic():
            report = importing.import_rows(
                actor=actor,
                municipality=job.municipality,
                rows=job.rows,
                mapping=importing.clean_mapping(job.mapping, len(job.headers)),
                all_or_nothing=all_or_nothing,
                progress=progress,
            )
    except Exception:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.FAILED, progress=100, report={"refused": True, "crashed": True}
        )
        raise
    finally:
        if side is not None:
            side.close()
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportStatus.FAILED if report.refused else ImportStatus.DONE,
        progress=100,
        report=report.as_dict(),
        rows=[],
    )


def _thread_main(job_id: int, user_id: int, all_or_nothing: bool) -> None:
    close_old_connections()
    try:
        run_import(job_id, user_id, all_or_nothing)
    finally:
        connection.close()


def start(job: ImportJob, user: User, all_or_nothing: bool) -> None:
    """Mark the job running and start the import once the current transaction commits."""
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, progress=5)

    def launch() -> None:
        threading.Thread(
            target=_thread_main,
            args=(job.pk, user.pk, all_or_nothing),
            daemon=True,
            name=f"socialmap-import-{job.pk}",
        ).start()

    transaction.on_commit(launch)
