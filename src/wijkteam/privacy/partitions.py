"""Monthly partitions of the access log on PostgreSQL (SQLite keeps one plain table).

Why: a large city writes tens of millions of log rows a year. One table of 100M+ rows makes
every index deeper and the retention purge a DELETE of millions of rows (slow, bloating, and
holding the guard open for long). Partitioned by month (RANGE on ``occurred_at``, UTC month
boundaries, migration 0017), an insert only touches the indexes of the current month, the two
lookups ("who read this file", "what did this person read") stay index scans per partition, and
the purge drops whole months (``chain.purge_older_than``).

- Partitions are made ahead: the migration makes the months of the existing rows up to
  ``MONTHS_AHEAD`` months from now, and the job runner's daily ``accesslog-partitions`` job
  keeps that horizon (``partitions_ensure``).
- A default partition catches any row outside them (a worker down for months, a clock far
  off), so an insert never fails. When the month of such rows gets its own partition, the
  rows are moved into it in the same transaction (a move, not a change: the chain covers the
  fields, not where the row is stored).
- PostgreSQL requires the partition column in every unique constraint, so a unique index on
  (id, occurred_at) stands in for the primary key (not a PRIMARY KEY constraint: on a
  partitioned table that breaks ``pg_restore --clean``, see migration 0017). Ids still come from one identity sequence and stay unique; Django keeps
  ``id`` as its primary key, and a lookup by id is an index scan on each partition's key.
  ``seal_seq`` has a plain index there (no global UNIQUE is possible): the sealer hands out
  numbers under the seal state's row lock, and ``chain.verify`` reports any gap or repeat.
- The guard trigger of migration 0003/0013 sits on the parent and PostgreSQL clones it to
  every partition, the default one and those made later included.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.utils import timezone

from wijkteam.privacy import dbguard

if TYPE_CHECKING:
    from django.db.backends.utils import CursorWrapper

PARENT = "privacy_accesslogentry"
DEFAULT = f"{PARENT}_default"
MONTHS_AHEAD = 3
# Rows of one month out of the default partition, kept until its own partition exists.
_MOVE_OUT = (
    "CREATE TEMPORARY TABLE accesslog_moving ON COMMIT DROP AS "  # noqa: S608 - fixed names
    f"WITH moved AS (DELETE FROM {DEFAULT} WHERE occurred_at >= %s AND occurred_at < %s "
    "RETURNING *) SELECT * FROM moved"
)
_NAME = re.compile(rf"^{PARENT}_y(\d{{4}})m(\d{{2}})$")


@dataclass(frozen=True)
class Partition:
    name: str
    start: dt.datetime  # inclusive, UTC
    end: dt.datetime  # exclusive, UTC


def month_start(moment: dt.datetime) -> dt.datetime:
    """The first instant (UTC) of the month ``moment`` falls in."""
    utc = moment.astimezone(dt.UTC)
    return utc.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def next_month(start: dt.datetime) -> dt.datetime:
    return (
        start.replace(year=start.year + 1, month=1)
        if start.month == 12
        else start.replace(month=start.month + 1)
    )


def partition_name(start: dt.datetime) -> str:
    return f"{PARENT}_y{start.year:04d}m{start.month:02d}"


def is_partitioned() -> bool:
    """True on PostgreSQL once migration 0017 has converted the table."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [PARENT])
        row = cursor.fetchone()
    return bool(row and row[0] == "p")


def partitions() -> list[Partition]:
    """The monthly partitions, oldest first (the default partition is not among them)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = to_regclass(%s)",
            [PARENT],
        )
        names = [row[0] for row in cursor.fetchall()]
    found = []
    for name in names:
        match = _NAME.match(name)
        if match:
            start = dt.datetime(int(match[1]), int(match[2]), 1, tzinfo=dt.UTC)
            found.append(Partition(name, start, next_month(start)))
    return sorted(found, key=lambda p: p.start)


def month_create(cursor: CursorWrapper, start: dt.datetime) -> str:
    """Make the partition of the month starting at ``start``, moving rows of that month out
    of the default partition first (PostgreSQL refuses the partition while the default one
    holds rows of its range). Runs inside the caller's transaction."""
    end = next_month(start)
    name = partition_name(start)
    quote = connection.ops.quote_name
    execute = cursor.execute
    execute(
        f"SELECT EXISTS (SELECT 1 FROM {quote(DEFAULT)} "  # noqa: S608 - fixed names
        "WHERE occurred_at >= %s AND occurred_at < %s)",
        [start, end],
    )
    found = cursor.fetchone()
    stray = found is not None and found[0]
    if stray:
        with dbguard.purge_allowed():
            execute(_MOVE_OUT, [start, end])
    execute(
        # DDL takes no parameters: the bounds are literals made from datetimes, not input.
        f"CREATE TABLE {quote(name)} PARTITION OF {quote(PARENT)} "
        f"FOR VALUES FROM ('{start.isoformat()}') TO ('{end.isoformat()}')"
    )
    if stray:
        execute(f"INSERT INTO {quote(PARENT)} SELECT * FROM accesslog_moving")  # noqa: S608
        execute("DROP TABLE accesslog_moving")
    return name


def partitions_ensure(
    *, now: dt.datetime | None = None, months_ahead: int = MONTHS_AHEAD
) -> list[str]:
    """Make the partitions from this month up to ``months_ahead`` months ahead (and of any
    older month that has rows in the default partition); returns the names made. Idempotent;
    does nothing on SQLite. The job runner's ``accesslog-partitions`` job, daily."""
    if not is_partitioned():
        return []
    have = {p.start for p in partitions()}
    wanted = []
    start = month_start(now or timezone.now())
    for _ in range(months_ahead + 1):
        wanted.append(start)
        start = next_month(start)
    made = []
    with transaction.atomic(), connection.cursor() as cursor:
        # Never queue for long behind a reader while inserts queue behind us.
        cursor.execute("SET LOCAL lock_timeout = '10s'")
        cursor.execute(
            f"SELECT DISTINCT date_trunc('month', occurred_at AT TIME ZONE 'UTC') "  # noqa: S608
            f"FROM {connection.ops.quote_name(DEFAULT)}"
        )
        stray = [row[0].replace(tzinfo=dt.UTC) for row in cursor.fetchall()]
        for month in sorted({*wanted, *stray} - have):
            made.append(month_create(cursor, month))
    return made


def partition_drop(name: str) -> None:
    """Detach and drop one monthly partition (the retention purge; inside its transaction)."""
    if not _NAME.match(name):
        raise ValueError(f"not an access-log partition: {name}")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # Deferred foreign-key checks of rows written in this transaction block the DETACH.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE {quote(PARENT)} DETACH PARTITION {quote(name)}")
        cursor.execute(f"DROP TABLE {quote(name)}")
