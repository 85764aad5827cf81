"""Ship the MKBA's unit costs and the outcome list (see ``wijkteam.results.shipped``, which
says where each figure comes from). The CPI series, first shipped here too, is shipped by
0004 (its rows carry whether each value was checked)."""

from django.db import migrations

from wijkteam.results.shipped import ship_costs_and_options


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    ship_costs_and_options(
        apps.get_model("results", "UnitCost"), apps.get_model("results", "OutcomeOption")
    )


def unship(apps, schema_editor):
    for name in ("UnitCost", "IndexValue", "OutcomeOption"):
        apps.get_model("results", name).objects.filter(**({} if name == "IndexValue" else {"municipality": None})).delete()


class Migration(migrations.Migration):
    dependencies = [("results", "0002_indexvalue_outcomeoption_preventedoutcome_unitcost")]
    operations = [migrations.RunPython(forwards, unship)]
