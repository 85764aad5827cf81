"""The access log names every object a list read showed (#12 point 7).

The column is nullable so that SQLite adds it with ``ALTER TABLE ADD COLUMN`` instead of
rebuilding the table (a rebuild would drop the guard triggers). The update guard of 0003 is
redefined with the new column in its list, so the sealer's update cannot change it either.
"""

from django.db import migrations, models

OLD_COLUMNS = [
    "id", "event", "occurred_at", "outcome", "actor_id", "actor_name", "actor_role",
    "on_behalf_of", "object_type", "object_id", "purpose", "ip_address",
]  # fmt: skip
COLUMNS = [*OLD_COLUMNS, "object_ids"]

PG_GUARD = """
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
"""
SQLITE_GUARD = """
CREATE TRIGGER privacy_accesslog_guard BEFORE UPDATE ON privacy_accesslogentry
WHEN NOT (OLD.seal_seq IS NULL AND NEW.seal_seq IS NOT NULL AND {same})
BEGIN SELECT RAISE(ABORT, 'access log rows are append-only'); END;
"""


def _guard(columns: list[str]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(
                PG_GUARD.format(
                    new=", ".join(f"NEW.{c}" for c in columns),
                    old=", ".join(f"OLD.{c}" for c in columns),
                )
            )
        elif vendor == "sqlite":
            schema_editor.execute("DROP TRIGGER IF EXISTS privacy_accesslog_guard")
            schema_editor.execute(
                SQLITE_GUARD.format(same=" AND ".join(f"NEW.{c} IS OLD.{c}" for c in columns))
            )

    return run


class Migration(migrations.Migration):
    dependencies = [("privacy", "0012_emergency_acknowledgement_per_role")]

    operations = [
        migrations.AddField(
            model_name="accesslogentry",
            name="object_ids",
            field=models.TextField(
                blank=True,
                help_text="The ids of all objects a list or search result showed.",
                null=True,
                verbose_name="objects shown",
            ),
        ),
        migrations.RunPython(_guard(COLUMNS), _guard(OLD_COLUMNS)),
    ]
