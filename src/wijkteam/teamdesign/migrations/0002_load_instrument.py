"""Load the shipped instrument, so a fresh installation has the building blocks at once."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from wijkteam.teamdesign.loader import load_instrument

    load_instrument(apps.get_model, instrument_model="Instrument")


class Migration(migrations.Migration):
    dependencies = [("teamdesign", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
