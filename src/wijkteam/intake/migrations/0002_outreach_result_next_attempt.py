"""Outreach attempts: the result apart from the method, and a planned next attempt (#15 point 6).

The old method list mixed in results ("note left", "via a neighbour") and the old result knew
only "no contact". Old rows are mapped: a note left is a home visit with the result "note left";
via a neighbour is a home visit with the result "spoke to a neighbour or someone else"; any
other "no contact" is "no answer". Contact, refused and moved away keep their values.
"""

from django.db import migrations, models
from django.db.models import Q

FORWARD = [
    # (filter on the old values, new values)
    ({"kind": "note_left", "outcome": "no_contact"}, {"kind": "visit", "outcome": "note_left"}),
    ({"kind": "note_left"}, {"kind": "visit"}),
    (
        {"kind": "via_neighbour", "outcome": "no_contact"},
        {"kind": "visit", "outcome": "spoke_other"},
    ),
    ({"kind": "via_neighbour"}, {"kind": "visit"}),
    ({"outcome": "no_contact"}, {"outcome": "no_answer"}),
]

BACKWARD = [
    ({"outcome": "note_left"}, {"kind": "note_left", "outcome": "no_contact"}),
    ({"outcome": "spoke_other"}, {"kind": "via_neighbour", "outcome": "no_contact"}),
    ({"outcome": "no_answer"}, {"outcome": "no_contact"}),
    ({"kind": "letter"}, {"kind": "note_left"}),
]


def _apply(apps, rules):
    attempt = apps.get_model("intake", "OutreachAttempt")
    for where, values in rules:
        attempt.objects.filter(**where).update(**values)


def forward(apps, schema_editor):
    _apply(apps, FORWARD)


def backward(apps, schema_editor):
    _apply(apps, BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="outreachattempt",
            name="kind",
            field=models.CharField(
                choices=[
                    ("visit", "Home visit"),
                    ("phone", "Phone call"),
                    ("email", "E-mail"),
                    ("letter", "Letter"),
                    ("via_gp", "Via the GP"),
                    ("via_police", "Via the police"),
                ],
                default="visit",
                max_length=16,
                verbose_name="method",
            ),
        ),
        migrations.AlterField(
            model_name="outreachattempt",
            name="outcome",
            field=models.CharField(
                choices=[
                    ("no_answer", "No answer"),
                    ("note_left", "Note left"),
                    ("spoke_other", "Spoke to a neighbour or someone else"),
                    ("contact", "Contact made"),
                    ("refused", "Refused"),
                    ("moved", "Moved away"),
                ],
                default="no_answer",
                max_length=12,
                verbose_name="result",
            ),
        ),
        migrations.AddField(
            model_name="outreachattempt",
            name="next_attempt_on",
            field=models.DateField(
                blank=True,
                help_text="When to try again; the colleague on duty that day sees it in My work.",
                null=True,
                verbose_name="next attempt",
            ),
        ),
        migrations.AddIndex(
            model_name="outreachattempt",
            index=models.Index(
                condition=Q(next_attempt_on__isnull=False),
                fields=["team", "next_attempt_on"],
                name="outreach_next_attempt",
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
