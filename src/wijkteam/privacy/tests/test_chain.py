from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from wijkteam.conftest import World
from wijkteam.privacy import chain
from wijkteam.privacy.models import AccessLogEntry
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.services import access_log_record


def _rows(world: World, count: int) -> list[AccessLogEntry]:
    actor = Actor(user=world.member_a, ip_address="192.0.2.10", purpose="test")
    return [
        access_log_record(
            actor=actor, event="read", object_type="households.household", object_id=i
        )
        for i in range(count)
    ]


def _seal_all() -> int:
    return chain.seal(now=timezone.now() + dt.timedelta(hours=1))


def _tamper(sql: str, params: list[object]) -> None:
    """What an attacker with database-owner rights can do: switch the guard off and edit."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")  # triggers off
            cursor.execute(sql, params)
            cursor.execute("SET LOCAL session_replication_role = origin")
        else:
            cursor.execute("DROP TRIGGER privacy_accesslog_guard")
            cursor.execute("DROP TRIGGER privacy_accesslog_delete_guard")
            cursor.execute(sql, params)


@pytest.mark.django_db
def test_untouched_log_verifies(world: World) -> None:
    _rows(world, 25)
    assert _seal_all() == 25
    result = chain.verify()
    assert result.ok and result.checked == 25 and result.unsealed == 0
    call_command("accesslog_verify")


@pytest.mark.django_db
def test_recent_rows_wait_for_sealing(world: World) -> None:
    _rows(world, 3)
    assert chain.seal() == 0  # younger than the minimum age: a transaction may still be open
    assert chain.verify().unsealed == 3


@pytest.mark.django_db
def test_editing_one_row_in_the_database_breaks_the_chain_at_that_row(world: World) -> None:
    rows = _rows(world, 10)
    _seal_all()
    target = rows[6]
    _tamper(
        "UPDATE privacy_accesslogentry SET actor_name = %s WHERE id = %s",
        ["Iemand Anders", target.pk],
    )
    result = chain.verify()
    assert not result.ok and result.broken_row_id == target.pk and result.checked == 6
    with pytest.raises(CommandError, match=f"row id {target.pk}"):
        call_command("accesslog_verify")


@pytest.mark.django_db
def test_deleting_a_row_breaks_the_chain(world: World) -> None:
    rows = _rows(world, 5)
    _seal_all()
    _tamper("DELETE FROM privacy_accesslogentry WHERE id = %s", [rows[2].pk])
    result = chain.verify()
    assert not result.ok and result.broken_row_id == rows[3].pk and "missing" in result.reason


@pytest.mark.django_db
def test_the_database_refuses_plain_edits(world: World) -> None:
    row = _rows(world, 1)[0]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE privacy_accesslogentry SET purpose = 'x' WHERE id = %s", [row.pk])
    _seal_all()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE privacy_accesslogentry SET row_hash = 'x' WHERE id = %s", [row.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_accesslogentry WHERE id = %s", [row.pk])
    assert chain.verify().ok


@pytest.mark.django_db
def test_old_rows_are_purged_after_five_years_and_the_chain_still_verifies(world: World) -> None:
    import time_machine

    now = timezone.now()
    with time_machine.travel(now - dt.timedelta(days=7 * 365), tick=False):
        _rows(world, 4)
    with time_machine.travel(now - dt.timedelta(days=400), tick=False):
        _rows(world, 3)
    _seal_all()
    with pytest.raises(ValueError):
        chain.purge_older_than(years=4)
    assert chain.purge_older_than(years=5, dry_run=True) == 4
    assert AccessLogEntry.objects.count() == 7
    assert chain.purge_older_than(years=5, dry_run=False) == 4
    assert AccessLogEntry.objects.count() == 3
    result = chain.verify()
    assert result.ok and result.checked == 3
