"""The access log partitioned by month on PostgreSQL (privacy/partitions.py, migration 0017)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from wijkteam.conftest import World
from wijkteam.privacy import chain, partitions
from wijkteam.privacy.models import AccessLogEntry
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.services import access_log_record

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db]


def _row(world: World, object_id: int, *, at: dt.datetime | None = None) -> AccessLogEntry:
    actor = Actor(user=world.member_a, ip_address="192.0.2.10", purpose="test")
    with time_machine.travel(at or timezone.now(), tick=False):
        return access_log_record(
            actor=actor, event="read", object_type="households.household", object_id=object_id
        )


def _where(row: AccessLogEntry) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM privacy_accesslogentry WHERE id = %s", [row.pk]
        )
        return str(cursor.fetchone()[0])


def _month(months_back: int) -> dt.datetime:
    """The start of the month ``months_back`` months before this one (UTC)."""
    start = partitions.month_start(timezone.now())
    for _ in range(months_back):
        start = (start - dt.timedelta(days=1)).replace(day=1)
    return start


def test_rows_go_to_their_month_and_the_lookups_find_them_across_months(world: World) -> None:
    assert partitions.is_partitioned()
    partitions.partitions_ensure(now=_month(2), months_ahead=0)
    old = _row(world, 7, at=_month(2) + dt.timedelta(days=3))
    new = _row(world, 7)
    assert _where(old) == partitions.partition_name(_month(2))
    assert _where(new) == partitions.partition_name(_month(0))
    assert new.pk > old.pk  # one sequence for all partitions
    assert AccessLogEntry.objects.get(pk=old.pk).object_id == "7"
    # "Who read this file" and "what did this person read", newest first, over both months.
    by_object = AccessLogEntry.objects.filter(
        object_type="households.household", object_id="7"
    ).order_by("-occurred_at")
    assert list(by_object) == [new, old]
    by_actor = AccessLogEntry.objects.filter(actor=world.member_a).order_by("-occurred_at")
    assert [r.pk for r in by_actor] == [new.pk, old.pk]


def test_a_row_without_its_month_lands_in_the_default_partition_and_moves_later(
    world: World,
) -> None:
    far = partitions.month_start(timezone.now() + dt.timedelta(days=800))
    row = _row(world, 1, at=far + dt.timedelta(days=2))
    assert _where(row) == partitions.DEFAULT  # the insert did not fail
    made = partitions.partitions_ensure(now=far, months_ahead=0)
    assert made == [partitions.partition_name(far)]
    assert _where(row) == partitions.partition_name(far)  # moved, not copied
    assert AccessLogEntry.objects.filter(pk=row.pk).count() == 1
    assert partitions.partitions_ensure(now=far, months_ahead=0) == []  # idempotent
    # The guard holds on the new partition: no change, no delete.
    for sql in (
        "UPDATE privacy_accesslogentry SET purpose = 'x' WHERE id = %s",
        "DELETE FROM privacy_accesslogentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [row.pk])


def test_purge_drops_whole_months_and_the_chain_verifies_across_partitions(
    world: World,
) -> None:
    # Two old months side by side (a partition boundary inside the purged part), the month
    # of the cutoff (kept: only whole months go), and this month.
    first, second, cutoff_month = _month(7 * 12 + 1), _month(7 * 12), _month(5 * 12)
    for month in (first, second, cutoff_month):
        partitions.partitions_ensure(now=month, months_ahead=0)
    _row(world, 1, at=second - dt.timedelta(seconds=1))  # last instant of the first month
    _row(world, 2, at=second)  # first instant of the next
    _row(world, 3, at=second + dt.timedelta(days=20))
    kept = [_row(world, 4, at=cutoff_month + dt.timedelta(hours=1)), _row(world, 5)]
    assert chain.seal(now=timezone.now() + dt.timedelta(hours=1)) == 5
    result = chain.verify()
    assert result.ok and result.checked == 5

    assert chain.purge_older_than(years=5) == 3  # dry run
    assert chain.purge_older_than(years=5, dry_run=False) == 3
    names = {p.name for p in partitions.partitions()}
    assert partitions.partition_name(first) not in names
    assert partitions.partition_name(second) not in names
    assert partitions.partition_name(cutoff_month) in names
    assert list(AccessLogEntry.objects.order_by("pk")) == kept
    result = chain.verify()
    assert result.ok and result.checked == 2


def test_a_dropped_partition_without_a_signed_purge_is_reported(world: World) -> None:
    partitions.partitions_ensure(now=_month(3), months_ahead=0)
    _row(world, 1, at=_month(3) + dt.timedelta(days=1))
    _row(world, 2)
    chain.seal(now=timezone.now() + dt.timedelta(hours=1))
    # The database owner drops a month (no row trigger fires on DROP).
    partitions.partition_drop(partitions.partition_name(_month(3)))
    result = chain.verify()
    assert not result.ok
    assert {f.kind for f in result.findings} & {"faked purge", "missing row"}


def test_verify_names_a_partition_whose_guard_is_switched_off(world: World) -> None:
    row = _row(world, 1)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the row's deferred checks first
        cursor.execute(f"ALTER TABLE {_where(row)} DISABLE TRIGGER privacy_accesslog_guard")
    result = chain.verify()
    assert any(
        f.kind == "delete guard missing" and _where(row) in f.detail for f in result.findings
    )
