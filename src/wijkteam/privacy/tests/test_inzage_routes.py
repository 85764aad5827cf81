"""Inzage and its access report work for every household, however it came in (#12 point 10):
a signal protects its household from deletion, and the deletion collector that found the
rows refused those households (500)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from wijkteam.casework.models import Trajectory
from wijkteam.casework.tests.helpers import actor, make_household
from wijkteam.conftest import World, verified_client
from wijkteam.households.models import Household, Member
from wijkteam.households.services import MemberInput, member_add
from wijkteam.intake import services as intake
from wijkteam.intake.tests.factories import make_returning_signal
from wijkteam.tooling.benchmarks.generator import generate_city

pytestmark = pytest.mark.django_db


def _pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "inzage.pdf"
    path.write_bytes(content)
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def _exports(household: Household, tmp_path: Path) -> str:
    """JSON and PDF for one member, by the coordinator; returns the PDF's text."""
    trajectory = (
        Trajectory.objects.filter(household=household).exclude(phase="closed").order_by("-pk")
    ).first()
    client = verified_client(trajectory.coordinator)
    member = household.members.order_by("pk").first()
    data = client.get(reverse("privacy:inzage_json", args=[member.pk]))
    assert data.status_code == 200, (household.name, data.content[:300])
    assert json.loads(data.content)["access_report"], household.name
    pdf = client.get(reverse("privacy:inzage_pdf", args=[member.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content, tmp_path)
    assert member.last_name in text and "Wie uw dossier opende" in text
    return text


def test_households_of_every_route_in_the_team_can_be_exported(world: World, tmp_path) -> None:
    direct = make_household(world, name="Familie Direct")
    signal = intake.signal_register(
        actor=actor(world.member_a),
        team=world.team_a,
        concern="Post stapelt zich op",
        subject_name="Familie Signaal",
        source_kind="resident",
    )
    intake.signal_link_new_household(
        actor=actor(world.member_a), signal=signal, data={"name": "Familie Signaal"}
    )
    from_signal = Household.objects.get(name="Familie Signaal")
    member_add(
        actor=actor(world.member_a),
        household=from_signal,
        data=MemberInput("Sara", "Signaal"),
    )
    returning = make_returning_signal(world)
    intake.signal_restart_trajectory(actor=actor(world.member_a), signal=returning)
    for household in (direct, from_signal, returning.household):
        _exports(household, tmp_path)
    # The signal is part of what is held about the household that came in through it.
    assert "Post stapelt zich op" in _exports(from_signal, tmp_path)


def test_demo_and_generated_households_can_be_exported(settings, tmp_path) -> None:
    settings.DEMO_MODE = True
    call_command("demo")
    generate_city(size="tiny", seed=5, as_of=timezone.localdate(), out=lambda _line: None)
    demo = Household.objects.exclude(team__municipality__name__startswith="Benchstad")
    city = Household.objects.filter(team__municipality__name__startswith="Benchstad")
    for found in (demo, city):
        households = [
            h
            for h in found.filter(pk__in=Member.objects.values("household")).order_by("pk")
            if Trajectory.objects.filter(household=h).exclude(phase="closed").exists()
        ]
        assert households
        _exports(households[0], tmp_path)
        _exports(households[-1], tmp_path)
