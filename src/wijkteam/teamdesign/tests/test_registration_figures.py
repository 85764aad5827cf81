"""Team design (#15 point 12): the start document warns when the chosen model differs from
the team's configuration; the quickscan's figures come from the registration, labelled and
defined, also for signals and outreach."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from wijkteam.intake.models import OutreachAttempt
from wijkteam.intake.tests.factories import make_signal
from wijkteam.teamdesign.tests.helpers import answer, start


@pytest.mark.django_db
def test_start_document_warns_when_the_chosen_model_differs(world: Any, client_for: Any) -> None:
    design = start(world)
    url = reverse("teamdesign:start_document", kwargs={"team_id": world.team_a.pk})
    client = client_for(world.member_a)
    assert world.team_a.organisation_model == "integrated"
    answer(design, world.member_a, "form.model", choices=["integrated"])
    assert 'data-testid="model-differs"' not in client.get(url).content.decode()
    answer(design, world.member_a, "form.model", choices=["network"], version=1)
    html = client.get(url).content.decode()
    warning = html.split('data-testid="model-differs"')[1].split("</div>")[0]
    assert "Geïntegreerd team" in warning or "Integrated team" in warning


@pytest.mark.django_db
def test_quickscan_figures_are_labelled_defined_and_fed_by_intake(
    world: Any, client_for: Any
) -> None:
    start(world)
    today = timezone.localdate()
    late = make_signal(world.team_a, world.member_a, deadline=today - dt.timedelta(days=2))
    make_signal(
        world.team_a, world.member_a, deadline=today + dt.timedelta(days=5), source_kind="colleague"
    )
    make_signal(world.team_b, world.member_b, deadline=today - dt.timedelta(days=2))
    OutreachAttempt.objects.create(team=world.team_a, signal=late, made_by=world.member_a)
    OutreachAttempt.objects.create(
        team=world.team_a,
        signal=late,
        made_by=world.member_a,
        attempted_at=timezone.now() - dt.timedelta(weeks=10),  # outside the 6 weeks
    )
    url = reverse("teamdesign:quickscan_new", kwargs={"team_id": world.team_a.pk})
    html = client_for(world.member_a).get(url).content.decode()
    overdue = html.split('data-testid="system-figure-rule01"')[1].split("</span></span>")[0]
    assert "Uit de registratie" in overdue and "</strong> 1 " in overdue
    assert "termijn" in overdue  # its definition
    outreach = html.split('data-testid="system-figure-rule02"')[1].split("</span></span>")[0]
    assert "</strong> 1 " in outreach and "6 weken" in outreach
    distance = html.split('data-testid="system-figure-pitfall03"')[1].split("</span></span>")[0]
    assert "</strong> 50% " in distance  # one of the two signals came from a resident
