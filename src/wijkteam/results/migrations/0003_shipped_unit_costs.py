"""Ship the MKBA's unit costs, the CPI series and the outcome list (see
``wijkteam.results.shipped``, which says where each figure comes from)."""

from django.db import migrations

from wijkteam.results.shipped import ship


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    ship(
        apps.get_model("results", "UnitCost"),
        apps.get_model("results", "IndexValue"),
        apps.get_model("results", "OutcomeOption"),
    )


def unship(apps, schema_editor):
    for name in ("UnitCost", "IndexValue", "OutcomeOption"):
        apps.get_model("results", name).objects.filter(**({} if name == "IndexValue" else {"municipality": None})).delete()


class Migration(migrations.Migration):
    dependencies = [("results", "0002_indexvalue_outcomeoption_preventedoutcome_unitcost")]
    operations = [migrations.RunPython(forwards, unship)]
