"""The CPI series marks which values were checked, and is shipped again: chained from CBS's
published yearly changes, 2024 and 2025 unverified (see ``wijkteam.results.shipped``)."""

from django.db import migrations, models

from wijkteam.results.shipped import ship_index


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    ship_index(apps.get_model("results", "IndexValue"))


class Migration(migrations.Migration):
    dependencies = [("results", "0003_shipped_unit_costs")]

    operations = [
        migrations.AddField(
            model_name="indexvalue",
            name="verified",
            field=models.BooleanField(
                default=False,
                help_text="Checked against the publication named in the source.",
                verbose_name="verified",
            ),
        ),
        # Backwards keeps the rows: 0003 no longer ships the series.
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
