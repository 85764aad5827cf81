"""Reload the shipped instrument: pitfall 3 (the team at a distance from residents) now has a
figure from the registration (the share of signals that came from residents themselves)."""

from typing import Any

from django.db import migrations


def load(apps: Any, schema_editor: Any) -> None:
    from wijkteam.teamdesign.loader import load_instrument

    load_instrument(apps.get_model, instrument_model="Instrument")


class Migration(migrations.Migration):
    dependencies = [("teamdesign", "0002_load_instrument")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
