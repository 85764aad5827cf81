"""Keyed chain (HMAC epoch and signed seal state), signed purge records, and the delete guard
on SQLite (privacy/dbguard.py; PostgreSQL has had one since 0003)."""

from django.db import migrations, models

# Deletes only where the application's connection says the retention purge (or flush) is
# running; every other client lacks the function and fails.
SQLITE_DELETE_GUARD = """
CREATE TRIGGER privacy_accesslog_delete_guard BEFORE DELETE ON privacy_accesslogentry
WHEN NOT wijkteam_accesslog_purge()
BEGIN SELECT RAISE(ABORT, 'access log rows are append-only'); END;
"""


def _delete_guard(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_DELETE_GUARD)


def _no_delete_guard(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS privacy_accesslog_delete_guard")


class Migration(migrations.Migration):
    dependencies = [("privacy", "0010_retention_notice")]

    operations = [
        migrations.CreateModel(
            name="AccessLogPurge",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("up_to_seq", models.BigIntegerField()),
                ("up_to_hash", models.CharField(max_length=64)),
                ("rows", models.BigIntegerField()),
                ("cutoff", models.DateTimeField()),
                ("purged_at", models.DateTimeField()),
                ("mac", models.CharField(max_length=64)),
            ],
            options={
                "verbose_name": "access log purge",
                "verbose_name_plural": "access log purges",
            },
        ),
        migrations.AddField(
            model_name="accesslogsealstate",
            name="keyed_from_seq",
            field=models.BigIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="accesslogsealstate",
            name="state_mac",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(_delete_guard, _no_delete_guard),
    ]
