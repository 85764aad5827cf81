"""Indexes for the household search (name, street, a member's name; BSN and date of birth).

A search is a substring search ("jans" finds "Jansen", "Hoofdstr" a street), which a B-tree
cannot serve. PostgreSQL: trigram GIN indexes (pg_trgm) on the upper-cased columns, the form
Django's ``icontains`` compares (``UPPER(col::text) LIKE UPPER(%q%)``). SQLite: two FTS5
tables with the trigram tokenizer, kept in sync by triggers, so every write path (forms, bulk
inserts, the generator, a restore) keeps them right without application code.
"""

from django.db import migrations, models

TRIGRAM_INDEXES = [
    ("household_name_trgm", "households_household", "name"),
    ("household_street_trgm", "households_household", "street_address"),
    ("member_first_name_trgm", "households_member", "first_name"),
    ("member_last_name_trgm", "households_member", "last_name"),
]

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE household_search USING fts5(name, street_address, tokenize='trigram')",
    "CREATE VIRTUAL TABLE member_search USING fts5("
    "first_name, last_name, household_id UNINDEXED, tokenize='trigram')",
    "INSERT INTO household_search(rowid, name, street_address) "
    "SELECT id, name, street_address FROM households_household",
    "INSERT INTO member_search(rowid, first_name, last_name, household_id) "
    "SELECT id, first_name, last_name, household_id FROM households_member",
    "CREATE TRIGGER household_search_insert AFTER INSERT ON households_household BEGIN "
    "INSERT INTO household_search(rowid, name, street_address) "
    "VALUES (new.id, new.name, new.street_address); END",
    "CREATE TRIGGER household_search_update AFTER UPDATE OF name, street_address "
    "ON households_household BEGIN DELETE FROM household_search WHERE rowid = old.id; "
    "INSERT INTO household_search(rowid, name, street_address) "
    "VALUES (new.id, new.name, new.street_address); END",
    "CREATE TRIGGER household_search_delete AFTER DELETE ON households_household BEGIN "
    "DELETE FROM household_search WHERE rowid = old.id; END",
    "CREATE TRIGGER member_search_insert AFTER INSERT ON households_member BEGIN "
    "INSERT INTO member_search(rowid, first_name, last_name, household_id) "
    "VALUES (new.id, new.first_name, new.last_name, new.household_id); END",
    "CREATE TRIGGER member_search_update AFTER UPDATE OF first_name, last_name, household_id "
    "ON households_member BEGIN DELETE FROM member_search WHERE rowid = old.id; "
    "INSERT INTO member_search(rowid, first_name, last_name, household_id) "
    "VALUES (new.id, new.first_name, new.last_name, new.household_id); END",
    "CREATE TRIGGER member_search_delete AFTER DELETE ON households_member BEGIN "
    "DELETE FROM member_search WHERE rowid = old.id; END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS household_search_insert",
    "DROP TRIGGER IF EXISTS household_search_update",
    "DROP TRIGGER IF EXISTS household_search_delete",
    "DROP TRIGGER IF EXISTS member_search_insert",
    "DROP TRIGGER IF EXISTS member_search_update",
    "DROP TRIGGER IF EXISTS member_search_delete",
    "DROP TABLE IF EXISTS household_search",
    "DROP TABLE IF EXISTS member_search",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table, column in TRIGRAM_INDEXES:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER({column}) gin_trgm_ops)"
            )
    elif vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for name, _table, _column in TRIGRAM_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0003_member_bsn_once_per_household"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="member",
            index=models.Index(fields=["date_of_birth"], name="member_birth"),
        ),
        migrations.RunPython(create, drop),
    ]
