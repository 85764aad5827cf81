"""Inzage is about one person (#12 point 11): another member's BSN and contact details stay
out, a parent's request for a child is its own logged choice, and the PDF speaks Dutch:
local times, Dutch roles and purposes (in their own column), no codes or True/False."""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from wijkteam.casework.tests.helpers import actor
from wijkteam.conftest import World
from wijkteam.households.bsn import generate_test_bsn
from wijkteam.households.services import MemberInput, household_create
from wijkteam.privacy import inzage
from wijkteam.privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db
RNG = random.Random(1211)


@pytest.fixture
def family(world: World) -> Any:
    today = timezone.localdate()
    household = household_create(
        actor=actor(world.member_a),
        team=world.team_a,
        name="Familie Inzage",
        members=[
            MemberInput(
                "Anna",
                "Inzage",
                dt.date(1980, 5, 1),
                bsn=generate_test_bsn(RNG),
                phone="0611111111",
                email="anna@example.org",
            ),
            MemberInput(
                "Bram",
                "Inzage",
                dt.date(1978, 3, 2),
                bsn=generate_test_bsn(RNG),
                phone="0622222222",
                email="bram@example.org",
            ),
            MemberInput(
                "Cleo", "Inzage", today - dt.timedelta(days=10 * 365), bsn=generate_test_bsn(RNG)
            ),
        ],
        coordinator=world.member_a,
    )
    return {m.first_name: m for m in household.members.all()}


def _text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "inzage.pdf"
    path.write_bytes(content)
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def test_the_export_holds_no_other_members_bsn_or_contact_details(
    world: World, client_for: Any, family: Any, tmp_path: Path
) -> None:
    anna, bram, cleo = family["Anna"], family["Bram"], family["Cleo"]
    client = client_for(world.member_a)
    data = client.get(reverse("privacy:inzage_json", args=[anna.pk])).content.decode()
    pdf = _text(client.get(reverse("privacy:inzage_pdf", args=[anna.pk])).content, tmp_path)
    for text in (data, pdf):
        assert anna.bsn in text and "0611111111" in text and "anna@example.org" in text
        for secret in (bram.bsn, "0622222222", "bram@example.org", cleo.bsn):
            assert secret not in text
        assert "Bram" in text  # the household's other members are named, nothing more


def test_the_pdf_has_local_times_dutch_roles_and_a_purpose_column(
    world: World, client_for: Any, family: Any, tmp_path: Path
) -> None:
    anna = family["Anna"]
    client = client_for(world.member_a)
    client.get(reverse("casework:household_file", args=[anna.household_id]))  # a logged read
    text = _text(client.get(reverse("privacy:inzage_pdf", args=[anna.pk])).content, tmp_path)
    read = AccessLogEntry.objects.filter(object_type="households.household").latest("pk")
    assert date_format(timezone.localtime(read.occurred_at), "DATETIME_FORMAT") in text
    assert "Doel" in text and "Teamlid" in text and "Ingezien" in text
    assert "hulp aan het huishouden" in text  # the purpose "casework", in Dutch
    for raw in ("team_member", "casework", "True", "False", "+00:00"):
        assert raw not in text, raw
    data = json.loads(client.get(reverse("privacy:inzage_json", args=[anna.pk])).content)
    assert {row["role"] for row in data["access_report"]} == {"Teamlid"}


def test_a_parents_request_for_a_child_is_its_own_logged_choice(
    world: World, client_for: Any, family: Any, tmp_path: Path
) -> None:
    client = client_for(world.member_a)
    url = reverse("privacy:inzage_pdf", args=[family["Cleo"].pk])
    text = _text(client.get(url, {"for_child": "1"}).content, tmp_path)
    assert "inzage voor een kind, gevraagd door een ouder" in text
    exports = AccessLogEntry.objects.filter(object_type="households.member.inzage")
    assert exports.get(object_id=str(family["Cleo"].pk)).purpose == inzage.PURPOSE_CHILD
    adult = client.get(
        reverse("privacy:inzage_pdf", args=[family["Bram"].pk]),
        {"for_child": "1"},
        headers={"Accept-Language": "nl"},
    )
    assert adult.status_code == 400 and "jonger is dan 16" in adult.content.decode()
    assert not exports.filter(object_id=str(family["Bram"].pk)).exists()
    file = client.get(reverse("casework:household_file", args=[family["Cleo"].household_id]))
    assert 'name="for_child"' in file.content.decode()


def test_the_api_takes_the_parents_choice_too(world: World, client_for: Any, family: Any) -> None:
    client = client_for(world.member_a)
    url = reverse("privacy_api:inzage", args=[family["Cleo"].pk])
    child = client.get(url, {"for_child": "true"})
    assert child.status_code == 200
    assert child.json()["asked_for"] == "inzage voor een kind, gevraagd door een ouder"
    adult = client.get(reverse("privacy_api:inzage", args=[family["Bram"].pk]), {"for_child": "1"})
    assert adult.status_code == 400
    assert "jonger is dan 16" in str(adult.json())
