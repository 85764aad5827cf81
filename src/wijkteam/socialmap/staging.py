"""Large imports without long write locks: stage in batches, apply in one short transaction.

SQLite has one writer at a time. Writing 20,000 services, their areas and search tokens in
one transaction would hold the write lock for seconds and stall every other request. So a
background import first writes the services *as they will be* (``import_plan``) into staging
tables, ``BATCH`` rows per short transaction (other requests write in between), with the
job's heartbeat in each batch. Then ``apply`` copies the staged rows into the live social map
with a fixed number of set-based statements (``APPLY_STATEMENTS``, whatever the file size) in
one transaction: that step alone touches the live tables, so all or nothing still holds. The
staged rows are removed afterwards, in batches again.
"""

# The SQL below is built from quoted table names and an int only; every value is a parameter.
# ruff: noqa: S608

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from wijkteam.socialmap import search
from wijkteam.socialmap.importing import ImportPlan
from wijkteam.socialmap.models import (
    ImportJob,
    ImportStagedArea,
    ImportStagedService,
    ImportStagedToken,
    ImportStatus,
    Provider,
    Service,
    ServiceToken,
)

BATCH = 500

# Columns copied from the staging row into the service (besides municipality and provider).
COPIED = (
    "external_id", "name", "description", "service_type", "type_rank", "domain_codes",
    "target_groups", "min_age", "max_age", "address", "latitude", "longitude", "contact",
    "opening_hours", "accessibility", "costs", "is_free", "needs_indication", "how_to_refer",
    "active_from", "active_until", "last_checked", "updated_at",
)  # fmt: skip


TOKEN_INSERT = (
    f"INSERT INTO {connection.ops.quote_name(ImportStagedToken._meta.db_table)} "
    "(job_id, external_id, token, weight) VALUES (%s, %s, %s, %s)"
)


class LeaseLost(Exception):
    """The job is no longer this worker's (it was marked failed): apply nothing."""


def stage(*, job: ImportJob, plan: ImportPlan, token: str) -> None:
    """Write the planned services, areas and tokens in short transactions of ``BATCH``."""
    changes = plan.changes
    for start in range(0, len(changes), BATCH):
        chunk = changes[start : start + BATCH]
        services, areas, tokens = [], [], []
        for service, data in chunk:
            name = plan.provider_names[id(service)]
            services.append(
                ImportStagedService(
                    job=job,
                    provider_name=name,
                    owner_id_copy=service.owner_id,
                    replace_areas="areas" in data,
                    **{column: getattr(service, column) for column in COPIED},
                )
            )
            areas += [
                ImportStagedArea(job=job, external_id=service.external_id, area_id_copy=a.pk)
                for a in data.get("areas", [])
            ]
            tokens += [
                (job.pk, service.external_id, t, w)
                for t, w in search.document_tokens(service, name).items()
            ]
        with transaction.atomic():
            _renew(job, token, progress=10 + 80 * (start + len(chunk)) // max(len(changes), 1))
            ImportStagedService.objects.bulk_create(services)
            ImportStagedArea.objects.bulk_create(areas)
            # A plain multi-row insert: ten thousand model instances would cost more.
            with connection.cursor() as cursor:
                cursor.executemany(TOKEN_INSERT, tokens)
    if connection.vendor == "postgresql" and len(changes) > 1000:
        # Fresh planner statistics for the apply's joins: without them PostgreSQL plans for
        # empty staging tables and the apply (one transaction holding the write lock) takes
        # tens of seconds for 20,000 rows instead of a few.
        tables = (ImportStagedService, ImportStagedArea, ImportStagedToken, Service, Provider)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(t._meta.db_table for t in tables))


def _renew(job: ImportJob, token: str, *, progress: int) -> None:
    renewed = ImportJob.objects.filter(
        pk=job.pk, status=ImportStatus.RUNNING, lease_token=token
    ).update(heartbeat_at=timezone.now(), progress=min(progress, 95))
    if not renewed:
        raise LeaseLost


APPLY_STATEMENTS = 8  # the statements of ``apply`` below, counted by the tests


@transaction.atomic
def apply(*, job: ImportJob, token: str, report: dict[str, Any]) -> None:
    """Copy the staged rows of ``job`` into the live social map: one short transaction."""
    # First statement: take the job (still ours?) and, on SQLite, the write lock.
    done = ImportJob.objects.filter(
        pk=job.pk, status=ImportStatus.RUNNING, lease_token=token
    ).update(status=ImportStatus.DONE, progress=100, report=report, rows=[], heartbeat_at=None)
    if not done:
        raise LeaseLost
    q = connection.ops.quote_name
    service, provider = q(Service._meta.db_table), q(Provider._meta.db_table)
    staged, staged_area = q(ImportStagedService._meta.db_table), q(ImportStagedArea._meta.db_table)
    staged_token, token_table = q(ImportStagedToken._meta.db_table), q(ServiceToken._meta.db_table)
    through = q(Service.areas.through._meta.db_table)
    m, j = job.municipality_id, job.pk
    columns = ", ".join(COPIED)
    from_staged = ", ".join(f"s.{c}" for c in COPIED)
    match = f"x.municipality_id = {int(m)} AND x.external_id = s.external_id"
    statements: list[tuple[str, list[Any]]] = [
        (
            f"INSERT INTO {provider} (municipality_id, name, description, website, phone, email) "
            f"SELECT DISTINCT %s, s.provider_name, '', '', '', '' FROM {staged} s "
            f"WHERE s.job_id = %s AND NOT EXISTS (SELECT 1 FROM {provider} p "
            "WHERE p.municipality_id = %s AND p.name = s.provider_name)",
            [m, j, m],
        ),
        (
            f"UPDATE {service} SET (provider_id, {columns}) = (SELECT p.id, {from_staged} "
            f"FROM {staged} s JOIN {provider} p ON p.municipality_id = %s "
            f"AND p.name = s.provider_name WHERE s.job_id = %s "
            f"AND s.external_id = {service}.external_id) "
            f"WHERE municipality_id = %s AND external_id IN "
            f"(SELECT external_id FROM {staged} WHERE job_id = %s)",
            [m, j, m, j],
        ),
        (
            f"INSERT INTO {service} (municipality_id, provider_id, owner_id, {columns}) "
            f"SELECT %s, p.id, s.owner_id_copy, {from_staged} FROM {staged} s "
            f"JOIN {provider} p ON p.municipality_id = %s AND p.name = s.provider_name "
            f"WHERE s.job_id = %s AND NOT EXISTS (SELECT 1 FROM {service} x WHERE {match})",
            [m, m, j],
        ),
        (
            f"DELETE FROM {through} WHERE service_id IN (SELECT x.id FROM {staged} s "
            f"JOIN {service} x ON {match} WHERE s.job_id = %s AND s.replace_areas = %s)",
            [j, True],
        ),
        (
            f"INSERT INTO {through} (service_id, area_id) SELECT x.id, s.area_id_copy "
            f"FROM {staged_area} s JOIN {service} x ON {match} WHERE s.job_id = %s",
            [j],
        ),
        (
            f"DELETE FROM {token_table} WHERE service_id IN (SELECT x.id FROM {staged} s "
            f"JOIN {service} x ON {match} WHERE s.job_id = %s)",
            [j],
        ),
        (
            f"INSERT INTO {token_table} (service_id, municipality_id_copy, token, weight) "
            f"SELECT x.id, %s, s.token, s.weight FROM {staged_token} s "
            f"JOIN {service} x ON {match} WHERE s.job_id = %s "
            # In the order of the search index, so its pages fill front to back.
            "ORDER BY s.token, x.id",
            [m, j],
        ),
    ]
    assert len(statements) + 1 == APPLY_STATEMENTS
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)


def cleanup(job_id: int) -> int:
    """Remove a job's staged rows in short batches; returns how many were removed."""
    removed = 0
    for model in (ImportStagedToken, ImportStagedArea, ImportStagedService):
        while True:
            with transaction.atomic():
                ids = list(
                    model.objects.filter(job_id=job_id).values_list("pk", flat=True)[: BATCH * 5]
                )
                if not ids:
                    break
                for chunk in search.chunked(ids):
                    removed += model.objects.filter(pk__in=chunk).delete()[0]
    return removed
