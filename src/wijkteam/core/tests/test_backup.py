"""Backup and restore: a backup restored into a fresh database has every row of every table
and an access log whose chain still verifies; a non-empty database is not overwritten."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from wijkteam.conftest import World
from wijkteam.core import backup
from wijkteam.privacy import chain
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.services import access_log_record

WIJKTEAM = str(Path(sys.executable).with_name("wijkteam"))


def _log_rows(world: World, count: int) -> None:
    actor = Actor(user=world.member_a, ip_address="192.0.2.10", purpose="test")
    with transaction.atomic():
        for i in range(count):
            access_log_record(
                actor=actor, event="read", object_type="households.household", object_id=i
            )


def _filled(world: World) -> dict[str, int]:
    """Sealed and unsealed log rows next to the world's people; the source's row counts."""
    _log_rows(world, 30)
    chain.seal(now=timezone.now() + dt.timedelta(hours=1))
    _log_rows(world, 4)
    assert chain.verify().checked == 30
    return backup.current_counts()


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(WIJKTEAM_TESTING="1", **extra)
    return env


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [WIJKTEAM, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def _pg_url(name: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{name}"


def _pg_admin(sql: str) -> None:
    # A connection of its own, never one borrowed from the pool (a close would not give it back).
    import psycopg

    raw = psycopg.connect(**connection.get_connection_params())
    raw.autocommit = True
    try:
        raw.cursor().execute(sql)
    finally:
        raw.close()


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a fresh, empty database of the suite's kind (never the test one)."""
    if connection.vendor == "sqlite":
        yield _env(WIJKTEAM_DATA_DIR=str(tmp_path / "fresh"))
        return
    name = f"wijkteam_restore_{uuid.uuid4().hex[:10]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    try:
        yield _env(DATABASE_URL=_pg_url(name))
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _counts_in(env: dict[str, str]) -> dict[str, int]:
    script = (
        "import json, django; django.setup(); from wijkteam.core import backup; "
        "print(json.dumps(backup.current_counts()))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={**env, "DJANGO_SETTINGS_MODULE": "wijkteam.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    import json

    counts: dict[str, int] = json.loads(done.stdout)
    return counts


@pytest.mark.django_db(transaction=True)
def test_backup_restored_into_a_fresh_database_has_every_row_and_a_valid_chain(
    world: World, tmp_path: Path, fresh: dict[str, str]
) -> None:
    source = _filled(world)
    path = tmp_path / "wijkteam.backup"
    call_command("backup", str(path))

    restored = _run(fresh, "restore", str(path))
    assert restored.returncode == 0, restored.stderr
    assert "row counts match the backup" in restored.stdout
    assert _counts_in(fresh) == source
    assert source["accounts_user"] == len(world.users) and source["privacy_accesslogentry"] == 34

    verified = _run(fresh, "accesslog_verify")
    assert verified.returncode == 0, verified.stderr
    assert "30 sealed rows verified, 4 not yet sealed" in verified.stdout


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_with_data_unless_forced(
    world: World, tmp_path: Path, fresh: dict[str, str]
) -> None:
    _filled(world)
    path = tmp_path / "wijkteam.backup"
    call_command("backup", str(path))
    assert _run(fresh, "restore", str(path)).returncode == 0

    again = _run(fresh, "restore", str(path))
    assert again.returncode != 0 and "is not empty" in again.stderr
    forced = _run(fresh, "restore", "--force", str(path))
    assert forced.returncode == 0, forced.stderr
    assert _run(fresh, "accesslog_verify").returncode == 0


@pytest.mark.django_db(transaction=True)
def test_backup_does_not_overwrite_an_existing_file(world: World, tmp_path: Path) -> None:
    path = tmp_path / "wijkteam.backup"
    path.write_text("an older backup")
    with pytest.raises(CommandError, match="exists"):
        call_command("backup", str(path))
    assert path.read_text() == "an older backup"


@pytest.mark.django_db(transaction=True)
def test_restore_of_a_backup_with_an_edited_log_row_is_reported(
    world: World, tmp_path: Path, fresh: dict[str, str]
) -> None:
    _filled(world)
    path = tmp_path / "wijkteam.backup"
    target = sorted(
        chain.AccessLogEntry.objects.filter(seal_seq__isnull=False).values_list("pk", flat=True)
    )[5]
    edit = "UPDATE privacy_accesslogentry SET actor_name = 'Iemand Anders' WHERE id = %s"
    if connection.vendor == "sqlite":  # edit the backup file, guard trigger dropped
        call_command("backup", str(path))
        copy = sqlite3.connect(path)
        copy.execute("DROP TRIGGER privacy_accesslog_guard")
        copy.execute(edit.replace("%s", "?"), [target])
        copy.commit()
        copy.close()
    else:  # edit the database before the dump, as an owner switching the triggers off can
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(edit, [target])
        call_command("backup", str(path))

    restored = _run(fresh, "restore", str(path))
    assert restored.returncode != 0
    assert f"access log chain broken at row {target}" in restored.stderr


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_postgresql_backup_is_pg_dump_with_counts_of_the_same_snapshot(
    world: World, tmp_path: Path, fresh: dict[str, str]
) -> None:
    source = _filled(world)
    path = tmp_path / "wijkteam.dump"
    call_command("backup", str(path))
    assert path.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    manifest = backup.counts_path(path).read_text()
    assert '"privacy_accesslogentry": 34' in manifest

    restored = _run(fresh, "restore", str(path))
    assert restored.returncode == 0, restored.stderr
    assert _counts_in(fresh) == source

    printed = _run(fresh, "backup", "--print", str(tmp_path / "other.dump"))
    assert printed.returncode == 0 and "pg_dump -Fc --no-owner" in printed.stdout
    assert not (tmp_path / "other.dump").exists()
