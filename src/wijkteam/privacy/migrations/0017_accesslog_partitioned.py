"""PostgreSQL: the access log becomes a table partitioned by month (privacy/partitions.py).

The existing table is renamed, a partitioned table with the same columns, indexes, foreign key,
identity sequence (continuing after the highest id) and guard trigger takes its name, the rows
are copied into monthly partitions (one per month that has rows, up to three months ahead, plus
the default partition), and the old table is dropped, all in the migration's transaction. The
copy runs before the indexes are built, once per partition. On a large existing log plan for
the downtime: the table is locked while it runs (measured in docs/benchmark.md).

A unique index on (id, occurred_at) instead of the primary key, and a plain index on
``seal_seq`` instead of its UNIQUE constraint: PostgreSQL requires the partition column in every
unique constraint, and a PRIMARY KEY constraint on a partitioned table makes
``pg_restore --clean`` fail (it drops each partition's inherited key first), which
``wijkteam restore --force`` uses; a unique index restores cleanly. The model
state does not change (Django keeps ``id`` as the primary key). SQLite keeps its plain table;
nothing happens there. Backwards copies the rows into one plain table again.
"""

from django.db import migrations

COLUMNS = (
    "id, event, occurred_at, outcome, actor_name, actor_role, on_behalf_of, object_type, "
    "object_id, purpose, ip_address, actor_id, prev_hash, row_hash, seal_seq, object_ids"
)
OLD = "privacy_accesslogentry_unpartitioned"

CREATE = """
CREATE TABLE privacy_accesslogentry (
    id bigint NOT NULL,
    event varchar(10) NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    outcome varchar(10) NOT NULL,
    actor_name varchar(200) NOT NULL,
    actor_role varchar(40) NOT NULL,
    on_behalf_of varchar(200) NOT NULL,
    object_type varchar(60) NOT NULL,
    object_id varchar(64) NOT NULL,
    purpose varchar(200) NOT NULL,
    ip_address inet,
    actor_id bigint,
    prev_hash varchar(64) NOT NULL,
    row_hash varchar(64) NOT NULL,
    seal_seq bigint,
    object_ids text
) PARTITION BY RANGE (occurred_at);
CREATE TABLE privacy_accesslogentry_default PARTITION OF privacy_accesslogentry DEFAULT;
"""

# After the copy: keys, indexes (built per partition), foreign key, guard trigger.
FINISH = """
CREATE UNIQUE INDEX privacy_accesslogentry_pkey ON privacy_accesslogentry (id, occurred_at);
CREATE INDEX accesslog_object ON privacy_accesslogentry (object_type, object_id, occurred_at);
CREATE INDEX accesslog_actor ON privacy_accesslogentry (actor_id, occurred_at);
CREATE INDEX accesslog_time ON privacy_accesslogentry (occurred_at);
CREATE INDEX accesslog_seal_seq ON privacy_accesslogentry (seal_seq);
CREATE INDEX privacy_accesslogentry_actor_id_b356b73c ON privacy_accesslogentry (actor_id);
ALTER TABLE privacy_accesslogentry
    ADD CONSTRAINT privacy_accesslogentry_actor_id_b356b73c_fk_accounts_user_id
    FOREIGN KEY (actor_id) REFERENCES accounts_user (id) DEFERRABLE INITIALLY DEFERRED;
CREATE TRIGGER privacy_accesslog_guard BEFORE UPDATE OR DELETE ON privacy_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION privacy_accesslog_guard();
"""


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.utils import timezone

    from wijkteam.privacy import partitions

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [partitions.PARENT]
        )
        if cursor.fetchone()[0] == "p":
            return  # already partitioned
        cursor.execute("LOCK TABLE privacy_accesslogentry IN ACCESS EXCLUSIVE MODE")
        cursor.execute(
            "SELECT COALESCE(max(id), 0), min(occurred_at), max(occurred_at) "
            "FROM privacy_accesslogentry"
        )
        max_id, oldest, newest = cursor.fetchone()
        cursor.execute("SELECT last_value FROM privacy_accesslogentry_id_seq")
        next_id = max(max_id, cursor.fetchone()[0]) + 1
        cursor.execute(f"ALTER TABLE privacy_accesslogentry RENAME TO {OLD}")
        # Index and constraint names are the schema's: free them for the new table.
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype IN "
            "('p', 'u', 'f')",
            [OLD],
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'ALTER TABLE {OLD} RENAME CONSTRAINT "{name}" TO "{("o" + name)[:63]}"')
        cursor.execute(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = %s::regclass",
            [OLD],
        )
        for (index,) in cursor.fetchall():  # those not renamed with their constraint
            if not index.startswith("o"):
                cursor.execute(f'ALTER INDEX "{index}" RENAME TO "{("o" + index)[:63]}"')
        cursor.execute(CREATE)
        start = partitions.month_start(oldest or timezone.now())
        horizon = partitions.month_start(max(newest or timezone.now(), timezone.now()))
        for _ in range(partitions.MONTHS_AHEAD):
            horizon = partitions.next_month(horizon)
        while start <= horizon:
            partitions.month_create(cursor, start)
            start = partitions.next_month(start)
        cursor.execute(
            f"INSERT INTO privacy_accesslogentry ({COLUMNS}) SELECT {COLUMNS} FROM {OLD}"  # noqa: S608
        )
        cursor.execute(f"DROP TABLE {OLD}")  # its identity sequence goes with it
        cursor.execute(
            "ALTER TABLE privacy_accesslogentry ALTER COLUMN id ADD GENERATED BY DEFAULT AS "
            f"IDENTITY (SEQUENCE NAME privacy_accesslogentry_id_seq START WITH {int(next_id)})"
        )
        cursor.execute(FINISH)


PLAIN = """
CREATE TABLE privacy_accesslogentry (LIKE privacy_accesslogentry_partitioned INCLUDING DEFAULTS);
ALTER TABLE privacy_accesslogentry ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY;
"""
PLAIN_FINISH = """
ALTER TABLE privacy_accesslogentry ADD CONSTRAINT privacy_accesslogentry_pkey PRIMARY KEY (id);
ALTER TABLE privacy_accesslogentry ADD CONSTRAINT privacy_accesslogentry_seal_seq_key
    UNIQUE (seal_seq);
CREATE INDEX accesslog_object ON privacy_accesslogentry (object_type, object_id, occurred_at);
CREATE INDEX accesslog_actor ON privacy_accesslogentry (actor_id, occurred_at);
CREATE INDEX accesslog_time ON privacy_accesslogentry (occurred_at);
CREATE INDEX privacy_accesslogentry_actor_id_b356b73c ON privacy_accesslogentry (actor_id);
ALTER TABLE privacy_accesslogentry
    ADD CONSTRAINT privacy_accesslogentry_actor_id_b356b73c_fk_accounts_user_id
    FOREIGN KEY (actor_id) REFERENCES accounts_user (id) DEFERRABLE INITIALLY DEFERRED;
CREATE TRIGGER privacy_accesslog_guard BEFORE UPDATE OR DELETE ON privacy_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION privacy_accesslog_guard();
"""


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Back to one plain table (the rows copied, the sequence continued)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", ["privacy_accesslogentry"]
        )
        if cursor.fetchone()[0] != "p":
            return
        cursor.execute("LOCK TABLE privacy_accesslogentry IN ACCESS EXCLUSIVE MODE")
        cursor.execute("SELECT COALESCE(max(id), 0) FROM privacy_accesslogentry")
        max_id = cursor.fetchone()[0]
        cursor.execute("SELECT last_value FROM privacy_accesslogentry_id_seq")
        next_id = max(max_id, cursor.fetchone()[0]) + 1
        cursor.execute(
            "ALTER TABLE privacy_accesslogentry RENAME TO privacy_accesslogentry_partitioned"
        )
        cursor.execute(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = 'privacy_accesslogentry_partitioned'::regclass"
        )
        for (index,) in cursor.fetchall():
            cursor.execute(f'ALTER INDEX "{index}" RENAME TO "{("o" + index)[:63]}"')
        cursor.execute(
            "ALTER TABLE privacy_accesslogentry_partitioned RENAME CONSTRAINT "
            '"privacy_accesslogentry_actor_id_b356b73c_fk_accounts_user_id" TO "old_actor_fk"'
        )
        cursor.execute(
            "ALTER SEQUENCE privacy_accesslogentry_id_seq RENAME TO old_accesslogentry_id_seq"
        )
        cursor.execute(PLAIN)
        cursor.execute(
            f"INSERT INTO privacy_accesslogentry ({COLUMNS}) "  # noqa: S608
            f"SELECT {COLUMNS} FROM privacy_accesslogentry_partitioned"
        )
        cursor.execute("DROP TABLE privacy_accesslogentry_partitioned")
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('privacy_accesslogentry', 'id'), %s, false)",
            [next_id],
        )
        cursor.execute(PLAIN_FINISH)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0016_consent_recipient_providers")]
    operations = [migrations.RunPython(forward, backward)]
