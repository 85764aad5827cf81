"""The delete guard of the access log on SQLite, which has no session settings.

A trigger (migration 0011) refuses every ``DELETE`` on the access log unless the SQL function
``wijkteam_accesslog_purge()`` returns 1. The function exists only in connections this
application opens (registered when the connection is created) and returns 1 only inside
``purge_allowed()``: the retention purge and ``flush`` (the test database reset). Any other
client, the ``sqlite3`` shell included, has no such function, so its delete fails.
On PostgreSQL the same rule is the trigger of migration 0003 with ``wijkteam.accesslog_purge``.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from django.db import connection

_PURGE: contextvars.ContextVar[bool] = contextvars.ContextVar("accesslog_purge", default=False)
SQLITE_FUNCTION = "wijkteam_accesslog_purge"


def _purge_flag() -> int:
    return 1 if _PURGE.get() else 0


def register(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: give SQLite connections the guard's function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 0, _purge_flag)


@contextlib.contextmanager
def purge_allowed() -> Iterator[None]:
    """Let deletes of access-log rows through, for the retention purge and ``flush`` only."""
    token = _PURGE.set(True)
    try:
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL wijkteam.accesslog_purge = 'on'")
        yield
    finally:
        _PURGE.reset(token)
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL wijkteam.accesslog_purge = 'off'")


def guard_triggers_present() -> list[str]:
    """Names of the missing guard triggers (empty when all are there)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'privacy_accesslogentry'"
            )
            present = {row[0] for row in cursor.fetchall()}
            wanted = ["privacy_accesslog_guard", "privacy_accesslog_delete_guard"]
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'privacy_accesslogentry'::regclass "
                "AND tgenabled <> 'D'"
            )
            present = {row[0] for row in cursor.fetchall()}
            wanted = ["privacy_accesslog_guard"]
            # Partitioned (migration 0017): each partition has its clone of the trigger, and
            # a partition whose clone is disabled lets deletes through.
            cursor.execute(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                "WHERE i.inhparent = 'privacy_accesslogentry'::regclass AND NOT EXISTS ("
                "SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid "
                "AND t.tgname = 'privacy_accesslog_guard' AND t.tgenabled <> 'D')"
            )
            unguarded = [f"privacy_accesslog_guard on {row[0]}" for row in cursor.fetchall()]
            return [name for name in wanted if name not in present] + unguarded
        else:
            return []
    return [name for name in wanted if name not in present]
