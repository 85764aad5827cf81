"""Team design's instrument is the DesignInstrument, apart from the measuring instrument
(`assessments.Instrument`); its table is renamed with it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("teamdesign", "0003_pitfall_distance_figure")]

    operations = [migrations.RenameModel(old_name="Instrument", new_name="DesignInstrument")]
