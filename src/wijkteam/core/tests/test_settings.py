from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from django.db import OperationalError
from django.db.backends.sqlite3.base import DatabaseWrapper

from wijkteam import settings as wijkteam_settings

REPO = Path(__file__).resolve().parents[4]


def _wrapper(path: Path, timeout: float | None = None) -> DatabaseWrapper:
    config = wijkteam_settings.sqlite_database(path)
    if timeout is not None:
        config["OPTIONS"] = {**config["OPTIONS"], "timeout": timeout}  # type: ignore[dict-item]
    config.update(
        {
            "ATOMIC_REQUESTS": False,
            "AUTOCOMMIT": True,
            "CONN_MAX_AGE": 0,
            "CONN_HEALTH_CHECKS": False,
            "TIME_ZONE": None,
            "TEST": {},
        }
    )
    return DatabaseWrapper(config, alias=f"pragma-test-{timeout}")


def test_default_sqlite_uses_wal_busy_timeout_and_foreign_keys(
    tmp_path: Path, django_db_blocker
) -> None:
    django_db_blocker.unblock()
    db = _wrapper(tmp_path / "w.sqlite3")
    with db.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20_000
        assert cursor.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    db.close()


def test_default_sqlite_starts_immediate_transactions(tmp_path: Path, django_db_blocker) -> None:
    django_db_blocker.unblock()
    path = tmp_path / "i.sqlite3"
    first = _wrapper(path)
    second = _wrapper(path, timeout=0.05)
    with first.cursor() as cursor:
        cursor.execute("CREATE TABLE t (x integer)")
    # Django opens an atomic block on SQLite with this call; with IMMEDIATE it takes the
    # write lock at BEGIN, before any write, so a second writer waits (here: is refused)
    # instead of failing half-way with a deadlock.
    first._start_transaction_under_autocommit()
    second.ensure_connection()
    with pytest.raises(OperationalError, match="locked"):
        second._start_transaction_under_autocommit()
    first.connection.rollback()
    first.close()
    second.close()


def test_every_environment_variable_is_documented() -> None:
    source = (REPO / "src" / "wijkteam" / "settings.py").read_text()
    names = set(re.findall(r'env_(?:str|bool|int|list)\("([A-Z_]+)"', source))
    names |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', source))
    documented = (REPO / "docs" / "configuration.md").read_text()
    missing = sorted(name for name in names if f"`{name}`" not in documented)
    assert names, "no environment variables found: the pattern is broken"
    assert not missing, f"undocumented environment variables: {missing}"


def test_sqlite3_module_supports_wal() -> None:
    assert sqlite3.sqlite_version_info >= (3, 7, 0)
