"""Emergency access is acknowledged per reviewer role (#12 point 12).

Before, one acknowledgement (by a team leader or a privacy officer) cleared the grant for
both. An existing acknowledgement is kept under the role its author held for that grant (team
leader of the owning team, otherwise privacy officer); the other reviewer still has to look.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _keep_acknowledgements(apps, schema_editor):  # type: ignore[no-untyped-def]
    EmergencyAccess = apps.get_model("privacy", "EmergencyAccess")
    EmergencyAcknowledgement = apps.get_model("privacy", "EmergencyAcknowledgement")
    Membership = apps.get_model("accounts", "Membership")
    grants = EmergencyAccess.objects.filter(acknowledged_by__isnull=False).select_related(
        "household"
    )
    for grant in grants.iterator():
        leads = Membership.objects.filter(
            user_id=grant.acknowledged_by_id, team_id=grant.household.team_id, role="team_leader"
        ).exists()
        EmergencyAcknowledgement.objects.create(
            grant=grant,
            reviewer_role="team_leader" if leads else "privacy_officer",
            reviewer_id=grant.acknowledged_by_id,
            acknowledged_at=grant.acknowledged_at or grant.granted_at,
            note=grant.acknowledgement_note,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("households", "0002_conflict_stamps"),
        ("privacy", "0011_keyed_chain"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="EmergencyAcknowledgement",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "reviewer_role",
                    models.CharField(
                        choices=[
                            ("team_leader", "Team leader"),
                            ("privacy_officer", "Privacy officer"),
                        ],
                        max_length=20,
                        verbose_name="reviewed as",
                    ),
                ),
                ("acknowledged_at", models.DateTimeField(verbose_name="acknowledged at")),
                (
                    "note",
                    models.TextField(blank=True, verbose_name="note with the acknowledgement"),
                ),
                (
                    "grant",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="acknowledgements",
                        to="privacy.emergencyaccess",
                        verbose_name="emergency access",
                    ),
                ),
                (
                    "reviewer",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="acknowledged by",
                    ),
                ),
            ],
            options={
                "verbose_name": "acknowledgement of emergency access",
                "verbose_name_plural": "acknowledgements of emergency access",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("grant", "reviewer_role"), name="emergency_ack_once_per_role"
                    )
                ],
            },
        ),
        migrations.RunPython(_keep_acknowledgements, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="emergencyaccess", name="emergency_review"),
        migrations.RemoveField(model_name="emergencyaccess", name="acknowledged_at"),
        migrations.RemoveField(model_name="emergencyaccess", name="acknowledged_by"),
        migrations.RemoveField(model_name="emergencyaccess", name="acknowledgement_note"),
        migrations.AddIndex(
            model_name="emergencyaccess",
            index=models.Index(fields=["granted_at"], name="emergency_granted"),
        ),
    ]
