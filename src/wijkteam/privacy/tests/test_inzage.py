from __future__ import annotations

import json
import subprocess

import pytest
from django.urls import reverse

from wijkteam.casework.tests.helpers import make_household, make_plan
from wijkteam.conftest import World
from wijkteam.privacy.models import AccessLogEntry


@pytest.mark.django_db
def test_inzage_exports_everything_about_the_person_as_json_and_pdf(
    world: World, client_for, tmp_path
) -> None:
    household = make_household(world)
    make_plan(world, household)
    member = household.members.order_by("pk").first()
    client = client_for(world.member_a)
    client.get(reverse("casework:household_file", args=[household.pk]))  # a logged read to report
    data = json.loads(client.get(reverse("privacy:inzage_json", args=[member.pk])).content)
    assert data["person"] == f"{member.first_name} {member.last_name}"
    text = json.dumps(data, ensure_ascii=False)
    assert "Schulden lopen op" in text  # the plan's problem statement
    assert any(row["who"] == "Member Test" for row in data["access_report"])
    pdf = client.get(reverse("privacy:inzage_pdf", args=[member.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    path = tmp_path / "inzage.pdf"
    path.write_bytes(pdf.content)
    pdf_text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Schulden lopen op" in pdf_text and member.last_name in pdf_text
    assert (
        AccessLogEntry.objects.filter(
            object_type="households.member.inzage", event="export"
        ).count()
        == 2
    )


@pytest.mark.django_db
def test_inzage_is_not_for_the_uninvolved(world: World, client_for) -> None:
    household = make_household(world)
    member = household.members.first()
    for persona in ("member_b", "civil_servant_a", "leader_a", "privacy_officer", "admin"):
        assert (
            client_for(world.users[persona])
            .get(reverse("privacy:inzage_json", args=[member.pk]))
            .status_code
            == 404
        )
