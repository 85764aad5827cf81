"""Database-level guard: access-log rows cannot be changed, and on PostgreSQL not deleted
(except by the retention purge, which sets ``wijkteam.accesslog_purge``). The only update
allowed is the sealer filling the seal columns of a not yet sealed row."""

from django.db import migrations

COLUMNS = [
    "id", "event", "occurred_at", "outcome", "actor_id", "actor_name", "actor_role",
    "on_behalf_of", "object_type", "object_id", "purpose", "ip_address",
]

PG_FORWARD = """
CREATE OR REPLACE FUNCTION privacy_accesslog_guard() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF current_setting('wijkteam.accesslog_purge', true) = 'on' THEN RETURN OLD; END IF;
    RAISE EXCEPTION 'access log rows are append-only';
  END IF;
  IF OLD.seal_seq IS NULL AND NEW.seal_seq IS NOT NULL
     AND ({new}) IS NOT DISTINCT FROM ({old}) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'access log rows are append-only';
END $$ LANGUAGE plpgsql;
CREATE TRIGGER privacy_accesslog_guard BEFORE UPDATE OR DELETE ON privacy_accesslogentry
  FOR EACH ROW EXECUTE FUNCTION privacy_accesslog_guard();
""".format(
    new=", ".join(f"NEW.{c}" for c in COLUMNS), old=", ".join(f"OLD.{c}" for c in COLUMNS)
)
PG_BACKWARD = """
DROP TRIGGER IF EXISTS privacy_accesslog_guard ON privacy_accesslogentry;
DROP FUNCTION IF EXISTS privacy_accesslog_guard();
"""
# SQLite: no delete guard (Django's test flush deletes rows with DELETE on SQLite).
SQLITE_FORWARD = """
CREATE TRIGGER privacy_accesslog_guard BEFORE UPDATE ON privacy_accesslogentry
WHEN NOT (OLD.seal_seq IS NULL AND NEW.seal_seq IS NOT NULL AND {same})
BEGIN SELECT RAISE(ABORT, 'access log rows are append-only'); END;
""".format(same=" AND ".join(f"NEW.{c} IS OLD.{c}" for c in COLUMNS))
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS privacy_accesslog_guard;"


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0002_chain")]
    operations = [migrations.RunPython(forward, backward)]
