"""The attacks on the access log that someone with database access could try, each performed
the way a database administrator would (guard triggers switched off, rows and seal state
edited with SQL, no chain key), and whether ``chain.verify()`` (or the database itself)
catches it.

Run by ``wijkteam privacy_selftest`` on a scratch database, and by the tests. Each attack starts
from an empty access log and its own anchor file; it needs a database whose transactions
commit (the anchors are written after the seal's commit), never the real one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.utils import timezone

from wijkteam.privacy import chain, dbguard
from wijkteam.privacy.models import (
    AccessLogEntry,
    AccessLogPurge,
    AccessLogSealState,
    AccessOutcome,
)

_TRIGGERS = importlib.import_module("wijkteam.privacy.migrations.0003_append_only_triggers")
_DELETE_GUARD = importlib.import_module("wijkteam.privacy.migrations.0011_keyed_chain")


@dataclass(frozen=True)
class AttackResult:
    name: str
    expected: str  # the finding kind that must be reported
    detected: bool
    said: str


def _sql(statements: list[tuple[str, list[object]]]) -> None:
    """What an attacker with database-owner rights does: guards off, edit, guards back on."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")  # triggers off
        else:
            cursor.execute("DROP TRIGGER IF EXISTS privacy_accesslog_guard")
            cursor.execute("DROP TRIGGER IF EXISTS privacy_accesslog_delete_guard")
        for sql, params in statements:
            cursor.execute(sql, params)  # type: ignore[arg-type]  # plain values
        if connection.vendor == "sqlite":
            cursor.execute(_TRIGGERS.SQLITE_FORWARD)
            cursor.execute(_DELETE_GUARD.SQLITE_DELETE_GUARD)


def _reset() -> None:
    with transaction.atomic(), dbguard.purge_allowed():
        AccessLogEntry.objects.all()._raw_delete(connection.alias)
        AccessLogSealState.objects.all().delete()
        AccessLogPurge.objects.all().delete()


def _rows(count: int, *, at: dt.datetime | None = None) -> list[AccessLogEntry]:
    moment = at or timezone.now() - dt.timedelta(minutes=10)
    with transaction.atomic():
        return [
            AccessLogEntry.objects.create(
                event="read",
                occurred_at=moment + dt.timedelta(milliseconds=i),
                outcome=AccessOutcome.GRANTED,
                actor=None,
                actor_name="Zelftest",
                actor_role="team_member",
                on_behalf_of="-",
                object_type="households.household",
                object_id=str(i),
                purpose="privacy selftest",
            )
            for i in range(count)
        ]


def _seal() -> int:
    return chain.seal(min_age=dt.timedelta(minutes=5))


def _state_values() -> dict[str, object]:
    state = AccessLogSealState.objects.get()
    return {
        f: getattr(state, f)
        for f in (
            "last_seq",
            "last_hash",
            "anchor_seq",
            "anchor_hash",
            "sealed_until",
            "keyed_from_seq",
            "state_mac",
        )
    }


def _set_state(values: dict[str, object]) -> None:
    columns = ", ".join(f"{name} = %s" for name in values)
    # Column names are the constants above, never input.
    sql = f"UPDATE privacy_accesslogsealstate SET {columns}"  # noqa: S608
    _sql([(sql, list(values.values()))])


def attack_change_row() -> str:
    """Change a sealed row and recompute the chain from there (without the key: SHA-256)."""
    rows = _rows(10)
    _seal()
    target = rows[6]
    target.purpose = "iets anders"
    prev = rows[5]
    prev.refresh_from_db()
    statements: list[tuple[str, list[object]]] = []
    prev_hash = prev.row_hash
    for row in rows[6:]:
        row.refresh_from_db()
        if row.pk == target.pk:
            row.purpose = "iets anders"
        text = "\x1f".join(chain._parts(row, row.seal_seq or 0, prev_hash))
        new_hash = hashlib.sha256(text.encode()).hexdigest()
        statements.append(
            (
                "UPDATE privacy_accesslogentry SET purpose = %s, prev_hash = %s, row_hash = %s "
                "WHERE id = %s",
                [row.purpose, prev_hash, new_hash, row.pk],
            )
        )
        prev_hash = new_hash
    statements.append(("UPDATE privacy_accesslogsealstate SET last_hash = %s", [prev_hash]))
    _sql(statements)
    return f"seal #{target.seal_seq}, row id {target.pk}"


def attack_truncate_and_rewind() -> str:
    """Cut off the chain's last rows and put back the seal state of before they were sealed
    (its own signature included: a replay)."""
    _rows(5)
    chain.seal(now=timezone.now() - dt.timedelta(minutes=8), min_age=dt.timedelta(0))
    before = _state_values()
    _rows(4, at=timezone.now() - dt.timedelta(minutes=6))
    _seal()
    _sql([("DELETE FROM privacy_accesslogentry WHERE seal_seq > %s", [before["last_seq"]])])
    _set_state(before)
    return f"chain cut back to seal #{before['last_seq']}"


def attack_fake_purge() -> str:
    """Delete the chain's oldest rows and move the state's start as a purge would."""
    rows = _rows(8)
    _seal()
    cut = rows[2]
    cut.refresh_from_db()
    _sql(
        [
            ("DELETE FROM privacy_accesslogentry WHERE seal_seq <= %s", [cut.seal_seq]),
            (
                "UPDATE privacy_accesslogsealstate SET anchor_seq = %s, anchor_hash = %s",
                [cut.seal_seq, cut.row_hash],
            ),
        ]
    )
    return f"rows up to seal #{cut.seal_seq} removed"


def attack_backdated_insert() -> str:
    """After a seal, insert a row dated an hour back; the next seal run must not chain it."""
    _rows(3)
    _seal()
    late = _rows(1, at=timezone.now() - dt.timedelta(hours=1))[0]
    sealed = _seal()
    late.refresh_from_db()
    if sealed or late.seal_seq is not None:
        return "the sealer chained it"
    return f"row id {late.pk}"


def attack_delete_unsealed() -> str:
    """Delete a row before it is sealed, with a plain DELETE (the guard must refuse it)."""
    _rows(2)
    _seal()
    fresh = _rows(1, at=timezone.now())[0]
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM privacy_accesslogentry WHERE id = %s", [fresh.pk])
    except DatabaseError as refused:
        return f"refused by the database: {refused}"
    return "DELETE went through"


def attack_downgrade() -> str:
    """Recompute the whole chain with plain SHA-256 and remove the keyed epoch."""
    rows = _rows(6)
    _seal()
    statements: list[tuple[str, list[object]]] = []
    prev_hash = ""
    for row in rows:
        row.refresh_from_db()
        text = "\x1f".join(chain._parts(row, row.seal_seq or 0, prev_hash))
        new_hash = hashlib.sha256(text.encode()).hexdigest()
        statements.append(
            (
                "UPDATE privacy_accesslogentry SET prev_hash = %s, row_hash = %s WHERE id = %s",
                [prev_hash, new_hash, row.pk],
            )
        )
        prev_hash = new_hash
    statements.append(
        (
            "UPDATE privacy_accesslogsealstate SET last_hash = %s, keyed_from_seq = NULL",
            [prev_hash],
        )
    )
    _sql(statements)
    return "chain rehashed without the key"


ATTACKS: dict[str, tuple[Callable[[], str], set[str]]] = {
    "change a row and recompute the chain": (attack_change_row, {"changed row"}),
    "cut off the end and rewind the seal state": (
        attack_truncate_and_rewind,
        {"truncated end", "rewound seal state"},
    ),
    "fake a purge": (attack_fake_purge, {"faked purge"}),
    "insert a back-dated row": (attack_backdated_insert, {"back-dated insert"}),
    "delete a row not yet sealed": (attack_delete_unsealed, {"refused"}),
    "rehash the chain without the key": (attack_downgrade, {"changed row"}),
}


def run_attack(name: str, workdir: Path) -> AttackResult:
    """One attack on an empty log with its own anchor file; detected when every expected
    finding kind is reported."""
    perform, expected = ATTACKS[name]
    anchor_file = workdir / f"anchors-{len(list(workdir.glob('anchors-*')))}.jsonl"
    with override_settings(ACCESSLOG_ANCHOR_FILE=str(anchor_file)):
        _reset()
        said = perform()
        if expected == {"refused"}:
            detected = said.startswith("refused")
            return AttackResult(name, "refused", detected, said)
        result = chain.verify()
    kinds = {finding.kind for finding in result.findings}
    detected = expected <= kinds
    report = "; ".join(f"{f.kind}: {f.detail}" for f in result.findings) or "verify said OK"
    return AttackResult(name, " + ".join(sorted(expected)), detected, f"{said} -> {report}")
