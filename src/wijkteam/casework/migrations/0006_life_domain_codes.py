"""The plan's problems name their life domain by the one vocabulary's codes (`mental` becomes
`mental_health`, ...); the column grows to hold the longer codes."""

from typing import Any

from django.db import migrations, models

from wijkteam.lifedomains.former_codes import both_ways


def recode(apps: Any, mapping: dict[str, str]) -> None:
    problems = apps.get_model("casework", "ProblemStatement").objects
    for old, new in mapping.items():
        problems.filter(life_domain=old).update(life_domain=new)


forwards, backwards = both_ways(recode)


class Migration(migrations.Migration):
    dependencies = [("casework", "0005_trajectory_framework")]

    operations = [
        migrations.AlterField(
            model_name="problemstatement",
            name="life_domain",
            field=models.CharField(
                choices=[
                    ("finances", "Finances"),
                    ("daytime_activities", "Daytime activities"),
                    ("housing", "Housing"),
                    ("domestic_relations", "Domestic relations"),
                    ("mental_health", "Mental health"),
                    ("physical_health", "Physical health"),
                    ("addiction", "Addiction"),
                    ("adl", "Activities of daily living"),
                    ("social_network", "Social network"),
                    ("community_participation", "Community participation"),
                    ("justice", "Justice"),
                ],
                max_length=32,
                verbose_name="life domain",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
