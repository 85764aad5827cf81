"""Tamper evidence for the access log: a hash chain, sealed after the fact.

Why seal later instead of chaining at insert: every read of personal data writes a log row,
so chaining at insert would need one global lock held until each request commits — a
bottleneck at city scale. Instead rows are inserted freely and ``accesslog_seal`` (run every
minute by the job runner's ``accesslog-seal`` schedule, and before every verification)
chains all rows older than ``SEAL_MIN_AGE`` in id order: no request can still be writing
rows that old. Each sealed row stores its sequence number, the previous row's hash and its
own hash over all its fields. ``accesslog_verify`` recomputes the chain and names the first
broken row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from wijkteam.privacy.models import AccessLogEntry, AccessLogSealState

SEAL_MIN_AGE = dt.timedelta(minutes=5)
MIN_KEEP_YEARS = 5
BATCH = 5000


def row_digest(row: AccessLogEntry, seq: int, prev_hash: str) -> str:
    occurred = row.occurred_at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    parts = [
        str(row.pk),
        str(seq),
        prev_hash,
        row.event,
        occurred,
        row.outcome,
        str(row.actor_id or ""),
        row.actor_name,
        row.actor_role,
        row.on_behalf_of,
        row.object_type,
        row.object_id,
        row.purpose,
        row.ip_address or "",
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _state() -> AccessLogSealState:
    state = AccessLogSealState.objects.select_for_update().order_by("pk").first()
    if state is None:
        state = AccessLogSealState.objects.create()
    return state


@transaction.atomic
def seal(*, now: dt.datetime | None = None, min_age: dt.timedelta = SEAL_MIN_AGE) -> int:
    """Chain every unsealed row older than ``min_age``; returns how many were sealed."""
    cutoff = (now or timezone.now()) - min_age
    state = _state()
    sealed = 0
    while True:
        rows = list(
            AccessLogEntry.objects.filter(seal_seq__isnull=True, occurred_at__lt=cutoff).order_by(
                "pk"
            )[:BATCH]
        )
        if not rows:
            break
        for row in rows:
            state.last_seq += 1
            row.seal_seq = state.last_seq
            row.prev_hash = state.last_hash
            row.row_hash = row_digest(row, state.last_seq, state.last_hash)
            state.last_hash = row.row_hash
        # bulk_update bypasses the model's append-only save(): sealing only fills the three
        # seal columns of unsealed rows (the PostgreSQL/SQLite triggers allow exactly that).
        AccessLogEntry.objects.bulk_update(rows, ["seal_seq", "prev_hash", "row_hash"])
        sealed += len(rows)
    state.sealed_until = cutoff
    state.save()
    return sealed


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    unsealed: int
    broken_row_id: int | None = None
    broken_seq: int | None = None
    reason: str = ""


def verify() -> VerifyResult:
    """Recompute the chain from its anchor; report the first row that does not fit."""
    state = AccessLogSealState.objects.order_by("pk").first()
    expected_seq = (state.anchor_seq if state else 0) + 1
    prev_hash = state.anchor_hash if state else ""
    checked = 0
    last_pk = 0
    sealed = AccessLogEntry.objects.filter(seal_seq__isnull=False).order_by("seal_seq")
    for row in sealed.iterator(chunk_size=BATCH):
        if row.seal_seq != expected_seq:
            return VerifyResult(
                False,
                checked,
                0,
                row.pk,
                row.seal_seq,
                f"expected seal #{expected_seq}: a row is missing",
            )
        if row.prev_hash != prev_hash or row.row_hash != row_digest(row, expected_seq, prev_hash):
            return VerifyResult(False, checked, 0, row.pk, row.seal_seq, "contents changed")
        if row.pk < last_pk:
            return VerifyResult(False, checked, 0, row.pk, row.seal_seq, "order changed")
        last_pk = row.pk
        prev_hash = row.row_hash
        expected_seq += 1
        checked += 1
    if state is not None and checked and prev_hash != state.last_hash:
        return VerifyResult(
            False, checked, 0, None, expected_seq - 1, "the chain's end was cut off"
        )
    unsealed = AccessLogEntry.objects.filter(seal_seq__isnull=True).count()
    return VerifyResult(True, checked, unsealed)


@transaction.atomic
def purge_older_than(*, years: int, now: dt.datetime | None = None, dry_run: bool = True) -> int:
    """Delete sealed log rows older than ``years`` (at least 5) from the start of the chain,
    moving the chain's anchor so verification still holds. Returns the number of rows."""
    if years < MIN_KEEP_YEARS:
        raise ValueError(f"access-log rows are kept at least {MIN_KEEP_YEARS} years")
    moment = now or timezone.now()
    try:
        cutoff = moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        cutoff = moment.replace(year=moment.year - years, day=28)
    state = _state()
    last_old = (
        AccessLogEntry.objects.filter(seal_seq__isnull=False, occurred_at__lt=cutoff)
        .order_by("-seal_seq")
        .first()
    )
    if last_old is None or last_old.seal_seq is None:
        return 0
    doomed = AccessLogEntry.objects.filter(seal_seq__isnull=False, seal_seq__lte=last_old.seal_seq)
    count = doomed.count()
    if dry_run:
        return count
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the delete guard lets the purge through
            cursor.execute("SET LOCAL wijkteam.accesslog_purge = 'on'")
    doomed._raw_delete(doomed.db)  # type: ignore[attr-defined]  # rows refuse Model.delete()
    state.anchor_seq = last_old.seal_seq
    state.anchor_hash = last_old.row_hash
    state.save()
    return count
