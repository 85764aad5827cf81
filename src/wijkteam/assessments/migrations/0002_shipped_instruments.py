"""Ship ZRM 2013, ZRM 2017 and the participation ladder (see ``wijkteam.assessments.shipped``)."""

from django.db import migrations

from wijkteam.assessments.shipped import ship


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    ship(
        apps.get_model("assessments", "Instrument"),
        apps.get_model("assessments", "Domain"),
        apps.get_model("assessments", "Level"),
        apps.get_model("assessments", "DomainMapping"),
    )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("assessments", "Instrument").objects.filter(
        code__in=["zrm", "participation-ladder"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
