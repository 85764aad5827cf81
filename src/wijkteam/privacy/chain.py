"""Tamper evidence for the access log: a keyed hash chain, sealed after the fact, anchored
outside the database.

Why seal later instead of chaining at insert: every read of personal data writes a log row,
so chaining at insert would need one global lock held until each request commits — a
bottleneck at city scale. Instead rows are inserted freely and ``accesslog_seal`` (run every
minute by the job runner's ``accesslog-seal`` schedule) chains all rows older than
``SEAL_MIN_AGE`` in id order.

Why ``SEAL_MIN_AGE`` is 40 seconds: a row's time is set when it is inserted, but it becomes
visible when its transaction commits. With ``ATOMIC_REQUESTS`` that transaction is the
request, and a request lives at most gunicorn's worker timeout (30 s; a worker past it is
killed and its transaction rolled back); the job worker's tasks that log reads run their own
short transactions. 30 s plus 10 s for clock skew between app hosts and the commit itself is
the smallest age at which no open transaction can still add an older row. With the job
running every minute, a row is sealed at most 40 + 60 s after it was written.

Keyed: each row's digest is an HMAC-SHA256 with a key outside the database (privacy/keys.py),
so a database administrator cannot change a row and recompute the chain. Rows sealed before
the key existed keep their SHA-256 digests: the seal state's ``keyed_from_seq`` (signed) marks
where the keyed epoch starts, and because the first keyed row's HMAC covers the last plain
row's hash, the plain part is protected by the keyed part after it.

Refused: a row older than the previous seal's cutoff cannot have been open in a transaction
then (see above), so it was inserted back-dated; it is reported, never chained.

Anchors: after every seal that moved the chain head, its sequence number, hash, time and row
count go to an append-only anchor file (one HMAC-signed JSON line) and to the application log
(logger ``wijkteam.accesslog.anchor``). ``verify()`` checks the chain against them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from wijkteam.privacy import dbguard, keys, partitions
from wijkteam.privacy.models import AccessLogEntry, AccessLogPurge, AccessLogSealState

SEAL_MIN_AGE = dt.timedelta(seconds=40)
MIN_KEEP_YEARS = 5
BATCH = 5000
anchor_log = logging.getLogger("wijkteam.accesslog.anchor")
log = logging.getLogger("wijkteam.accesslog")


def _parts(row: AccessLogEntry, seq: int, prev_hash: str) -> list[str]:
    occurred = row.occurred_at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    # The ids a list read showed (object_ids) are covered only when set, so rows sealed
    # before the column existed keep their digests.
    shown = [f"ids={row.object_ids}"] if row.object_ids else []
    return [
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
        *shown,
    ]


def row_digest(row: AccessLogEntry, seq: int, prev_hash: str, *, keyed: bool = True) -> str:
    text = "\x1f".join(_parts(row, seq, prev_hash))
    if not keyed:  # rows sealed before the keyed epoch
        return hashlib.sha256(text.encode()).hexdigest()
    return hmac.new(keys.accesslog_key(), ("v1\x1f" + text).encode(), hashlib.sha256).hexdigest()


def _state_text(state: AccessLogSealState) -> str:
    until = state.sealed_until.astimezone(dt.UTC).isoformat() if state.sealed_until else ""
    return "\x1f".join(
        [
            "state",
            str(state.last_seq),
            state.last_hash,
            str(state.anchor_seq),
            state.anchor_hash,
            until,
            str(state.keyed_from_seq),
        ]
    )


def _purge_text(purge: AccessLogPurge) -> str:
    return "\x1f".join(
        [
            "purge",
            str(purge.up_to_seq),
            purge.up_to_hash,
            str(purge.rows),
            purge.cutoff.astimezone(dt.UTC).isoformat(),
            purge.purged_at.astimezone(dt.UTC).isoformat(),
        ]
    )


def _save_state(state: AccessLogSealState) -> None:
    state.state_mac = keys.sign(_state_text(state))
    state.save()


def _state() -> AccessLogSealState:
    state = AccessLogSealState.objects.select_for_update().order_by("pk").first()
    if state is None:
        state = AccessLogSealState.objects.create()
    return state


# --- anchors outside the database -----------------------------------------------------------


def _anchor_path() -> Path | None:
    name = str(settings.ACCESSLOG_ANCHOR_FILE or "")
    return Path(name) if name else None


def _anchor_line(record: dict[str, Any]) -> str:
    body = json.dumps(record, sort_keys=True, separators=(",", ":"))
    return json.dumps({**record, "mac": keys.sign(body)}, sort_keys=True, separators=(",", ":"))


def anchor_write(record: dict[str, Any]) -> None:
    """Append one signed line to the anchor file (O_APPEND) and to the application log."""
    line = _anchor_line(record)
    anchor_log.info("%s", line)
    path = _anchor_path()
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class Anchor:
    kind: str
    seq: int
    hash: str
    at: str
    rows: int
    line: str


def anchors_read(path: Path | None = None) -> tuple[list[Anchor], list[str]]:
    """The anchor file's lines whose signature holds, and a problem for each that does not."""
    path = path or _anchor_path()
    found: list[Anchor] = []
    problems: list[str] = []
    if path is None or not path.exists():
        return found, problems
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
            mac = record.pop("mac")
            body = json.dumps(record, sort_keys=True, separators=(",", ":"))
            if not keys.signed_ok(body, mac):
                raise ValueError("signature")
            found.append(
                Anchor(
                    record["kind"], record["seq"], record["hash"], record["at"], record["rows"], raw
                )
            )
        except (ValueError, KeyError, TypeError):
            problems.append(f"forged anchor: line {number} of {path} is not signed with the key")
    return found, problems


def anchor_lines(*, day: dt.date | None = None) -> list[str]:
    """The anchor file's signed lines, of one local day or all; the privacy officer's export."""
    found, _problems = anchors_read()
    if day is None:
        return [a.line for a in found]
    return [
        a.line for a in found if timezone.localtime(dt.datetime.fromisoformat(a.at)).date() == day
    ]


# --- sealing --------------------------------------------------------------------------------


@transaction.atomic
def seal(*, now: dt.datetime | None = None, min_age: dt.timedelta = SEAL_MIN_AGE) -> int:
    """Chain every unsealed row older than ``min_age``; returns how many were sealed.

    Rows older than the previous seal's cutoff are not chained: they are reported
    (``wijkteam.accesslog`` warning; ``verify()`` names them as back-dated inserts)."""
    cutoff = (now or timezone.now()) - min_age
    state = _state()
    if state.keyed_from_seq is None:
        state.keyed_from_seq = state.last_seq + 1  # the keyed epoch starts here
    floor = state.sealed_until
    pending = AccessLogEntry.objects.filter(seal_seq__isnull=True, occurred_at__lt=cutoff)
    if floor is not None:
        late = list(pending.filter(occurred_at__lt=floor).values_list("pk", flat=True)[:100])
        if late:
            log.warning("back-dated access-log rows refused by the sealer: ids %s", late)
        pending = pending.filter(occurred_at__gte=floor)
    sealed = 0
    last_pk = 0
    while True:
        rows = list(pending.filter(pk__gt=last_pk).order_by("pk")[:BATCH])
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
        # The time range lets PostgreSQL touch only the partitions these rows are in.
        AccessLogEntry.objects.filter(
            occurred_at__gte=min(row.occurred_at for row in rows),
            occurred_at__lte=max(row.occurred_at for row in rows),
        ).bulk_update(rows, ["seal_seq", "prev_hash", "row_hash"])
        sealed += len(rows)
        last_pk = rows[-1].pk
    # Never ahead of the real clock (a test may seal "an hour from now"), never backwards.
    until = min(cutoff, timezone.now())
    state.sealed_until = max(until, floor) if floor else until
    _save_state(state)
    if sealed:
        record = {
            "kind": "seal",
            "seq": state.last_seq,
            "hash": state.last_hash,
            "at": timezone.now().astimezone(dt.UTC).isoformat(),
            "rows": state.last_seq - state.anchor_seq,
        }
        # After the commit: an anchor must never name a head that was rolled back.
        transaction.on_commit(lambda: anchor_write(record))
    return sealed


# --- verification ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    kind: str  # changed row, missing row, truncated end, rewound seal state, faked purge, …
    detail: str
    seq: int | None = None
    row_id: int | None = None


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    unsealed: int
    broken_row_id: int | None = None
    broken_seq: int | None = None
    reason: str = ""
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    anchors: int = 0


def verify(*, anchor_file: Path | None = None) -> VerifyResult:
    """Recompute the chain and check it against the signed purge records and the external
    anchors; every problem is a ``Finding`` that names what broke."""
    findings: list[Finding] = []
    state = AccessLogSealState.objects.order_by("pk").first()
    anchors, anchor_problems = anchors_read(anchor_file)
    findings += [Finding("forged anchor", p) for p in anchor_problems]
    for missing in dbguard.guard_triggers_present():
        findings.append(Finding("delete guard missing", f"trigger {missing} is gone"))
    edited = state is not None and state.keyed_from_seq is not None
    if edited and state and not keys.signed_ok(_state_text(state), state.state_mac):
        findings.append(
            Finding("rewound seal state", "the seal state was edited outside the sealer")
        )
    keyed_from = state.keyed_from_seq if state and state.keyed_from_seq else None
    # Purges: only signed records explain missing rows at the chain's start.
    purges = [p for p in AccessLogPurge.objects.order_by("up_to_seq")]
    purged_to, purged_hash = 0, ""
    for purge in purges:
        if keys.signed_ok(_purge_text(purge), purge.mac):
            purged_to, purged_hash = purge.up_to_seq, purge.up_to_hash
        else:
            findings.append(Finding("faked purge", f"purge record #{purge.pk} is not signed"))
    for anchor in anchors:
        if anchor.kind == "purge" and anchor.seq > purged_to:
            purged_to, purged_hash = anchor.seq, anchor.hash
    anchor_seq = state.anchor_seq if state else 0
    if anchor_seq != purged_to or (state and state.anchor_hash != purged_hash):
        findings.append(
            Finding(
                "faked purge",
                f"the chain starts after seal #{anchor_seq}, but signed purges cover "
                f"up to #{purged_to} only: rows missing that no purge record covers",
                seq=anchor_seq,
            )
        )
    seal_anchors = {a.seq: a for a in anchors if a.kind == "seal"}
    expected_seq = purged_to + 1
    prev_hash = purged_hash
    checked = 0
    last_pk = 0
    sealed = AccessLogEntry.objects.filter(seal_seq__isnull=False).order_by("seal_seq")
    for row in sealed.iterator(chunk_size=BATCH):
        seq = row.seal_seq or 0
        if seq != expected_seq:
            kind = "faked purge" if checked == 0 and seq > expected_seq else "missing row"
            findings.append(
                Finding(kind, f"expected seal #{expected_seq}: a row is missing", seq, row.pk)
            )
            break
        # No keyed seal yet: the whole chain is from before the key (plain SHA-256).
        keyed = keyed_from is not None and seq >= keyed_from
        if row.prev_hash != prev_hash or row.row_hash != row_digest(
            row, seq, prev_hash, keyed=keyed
        ):
            findings.append(
                Finding(
                    "changed row", f"contents changed at seal #{seq}, row id {row.pk}", seq, row.pk
                )
            )
            break
        anchored = seal_anchors.get(seq)
        if anchored is not None and anchored.hash != row.row_hash:
            findings.append(
                Finding("changed row", f"seal #{seq} differs from its anchor", seq, row.pk)
            )
            break
        if row.pk < last_pk:
            findings.append(Finding("changed row", "order changed", seq, row.pk))
            break
        last_pk = row.pk
        prev_hash = row.row_hash
        expected_seq += 1
        checked += 1
    chain_end = expected_seq - 1
    if state is not None and not findings and checked and prev_hash != state.last_hash:
        findings.append(Finding("truncated end", "the chain's end was cut off", chain_end))
    last_anchor = max(seal_anchors) if seal_anchors else 0
    if last_anchor > chain_end and not any(
        f.kind in {"changed row", "missing row", "faked purge"} for f in findings
    ):
        findings.append(
            Finding(
                "truncated end",
                f"the chain ends at seal #{chain_end}, the last anchor names #{last_anchor}",
                chain_end,
            )
        )
    if state is not None and last_anchor > state.last_seq:
        findings.append(
            Finding(
                "rewound seal state",
                f"the seal state stands at #{state.last_seq}, the last anchor at #{last_anchor}",
                state.last_seq,
            )
        )
    unsealed = AccessLogEntry.objects.filter(seal_seq__isnull=True)
    if state is not None and state.sealed_until is not None:
        for row_id in unsealed.filter(occurred_at__lt=state.sealed_until).values_list(
            "pk", flat=True
        )[:20]:
            findings.append(
                Finding(
                    "back-dated insert",
                    f"row id {row_id} is older than the last seal but was not there then",
                    None,
                    row_id,
                )
            )
    # The headline: the first broken row when there is one, else the first finding.
    first = next((f for f in findings if f.row_id is not None), findings[0] if findings else None)
    return VerifyResult(
        ok=not findings,
        checked=checked,
        unsealed=unsealed.count(),
        broken_row_id=first.row_id if first else None,
        broken_seq=first.seq if first else None,
        reason=first.detail if first else "",
        findings=tuple(findings),
        anchors=len(anchors),
    )


def _partitions_drop(*, before: dt.datetime) -> list[str]:
    """Drop the monthly partitions that end by ``before`` and hold sealed rows only: all their
    rows are older than the cutoff, so they belong to the chain's start the purge removes.
    A month with an unsealed row (a back-dated insert the sealer refused) is kept as evidence;
    its sealed rows go row by row."""
    dropped = []
    for part in partitions.partitions():
        if part.end > before:
            break
        rows = AccessLogEntry.objects.filter(occurred_at__gte=part.start, occurred_at__lt=part.end)
        if rows.filter(seal_seq__isnull=True).exists():
            continue
        partitions.partition_drop(part.name)
        dropped.append(part.name)
    if dropped:
        log.info("access-log partitions dropped by the retention purge: %s", dropped)
    return dropped


@transaction.atomic
def purge_older_than(*, years: int, now: dt.datetime | None = None, dry_run: bool = True) -> int:
    """Delete sealed log rows older than ``years`` (at least 5) from the start of the chain,
    moving the chain's anchor and recording a signed purge (in the database and the anchor
    file) so verification still holds. Returns the number of rows.

    On PostgreSQL (partitioned by month) the cutoff is the start of its month and the months
    before it are dropped whole (``_partitions_drop``); on SQLite the rows are deleted."""
    if years < MIN_KEEP_YEARS:
        raise ValueError(f"access-log rows are kept at least {MIN_KEEP_YEARS} years")
    moment = now or timezone.now()
    try:
        cutoff = moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        cutoff = moment.replace(year=moment.year - years, day=28)
    partitioned = partitions.is_partitioned()
    if partitioned:
        # Whole months only: rows stay until their month is past the term (a month longer at
        # most), so the purge drops partitions instead of deleting millions of rows.
        cutoff = partitions.month_start(cutoff)
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
    with dbguard.purge_allowed():
        if partitioned:
            _partitions_drop(before=cutoff)
        # What is left: rows of the chain's start outside the dropped months (the default
        # partition; a row stamped just after a month's end but sealed before its last rows).
        doomed._raw_delete(doomed.db)  # rows refuse Model.delete()
    purge = AccessLogPurge(
        up_to_seq=last_old.seal_seq,
        up_to_hash=last_old.row_hash,
        rows=count,
        cutoff=cutoff,
        purged_at=timezone.now(),
    )
    purge.mac = keys.sign(_purge_text(purge))
    purge.save()
    state.anchor_seq = last_old.seal_seq
    state.anchor_hash = last_old.row_hash
    if state.keyed_from_seq is None:
        state.keyed_from_seq = state.last_seq + 1
    _save_state(state)
    record = {
        "kind": "purge",
        "seq": purge.up_to_seq,
        "hash": purge.up_to_hash,
        "at": purge.purged_at.astimezone(dt.UTC).isoformat(),
        "rows": count,
    }
    transaction.on_commit(lambda: anchor_write(record))
    return count
