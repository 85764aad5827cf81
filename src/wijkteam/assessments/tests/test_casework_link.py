"""The measurements reach the casework pages: household file, plan problems, evaluation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from wijkteam.assessments.tests.helpers import first_member, ladder, record, zrm
from wijkteam.casework import services as casework
from wijkteam.casework.models import Phase
from wijkteam.casework.tests.helpers import make_household, make_plan, trajectory_of
from wijkteam.privacy.policy import Actor


@pytest.mark.django_db
def test_evaluation_is_prefilled_and_plan_shows_the_current_score(world, client_for) -> None:  # type: ignore[no-untyped-def]
    household = make_household(world)
    make_plan(world, household)
    member = first_member(household)
    record(world, member, zrm(), 2, on=dt.date(2026, 1, 10))
    record(world, member, zrm(), 4, on=dt.date(2026, 3, 10))
    who = Actor(user=world.member_a)
    trajectory = trajectory_of(household)
    casework.trajectory_advance(actor=who, trajectory=trajectory, to_phase=Phase.SUPPORT)
    casework.trajectory_advance(actor=who, trajectory=trajectory, to_phase=Phase.EVALUATION)
    client = client_for(world.member_a)
    page = client.get(reverse("casework:evaluation_record", args=[household.pk]))
    assert page.context["form"].initial.get("self_reliance") == "up"
    plan = client.get(reverse("casework:plan", args=[household.pk])).content.decode()
    assert "huidige ZRM-score: 4" in plan
    file_page = client.get(reverse("casework:household_file", args=[household.pk])).content.decode()
    assert 'id="assessments-summary-heading"' in file_page
    civil = client_for(world.civil_servant_a).get(
        reverse("casework:household_file", args=[household.pk])
    )
    assert civil.status_code == 200
    assert 'id="assessments-summary-heading"' not in civil.content.decode()


@pytest.mark.django_db
def test_household_file_summarises_each_member_in_one_line(world, client_for) -> None:  # type: ignore[no-untyped-def]
    household = make_household(world)
    member = first_member(household)
    base = dict.fromkeys(
        zrm().domains.values_list("code", flat=True), None
    )  # not discussed unless set
    record(
        world,
        member,
        zrm(),
        {**base, "finances": 3, "housing": 2, "mental_health": 4, "social_network": 3},
        on=dt.date(2026, 1, 10),
    )
    record(
        world,
        member,
        zrm(),
        {**base, "finances": 1, "housing": 2, "mental_health": 5, "social_network": 3},
        on=dt.date(2026, 3, 10),
    )
    record(world, member, ladder(), 2, on=dt.date(2026, 3, 10))
    html = (
        client_for(world.member_a)
        .get(reverse("casework:household_file", args=[household.pk]))
        .content.decode()
    )
    line = html.split(f'data-member="{member.pk}"')[1].split("</li>")[0]
    # finances down, mental up, housing and network the same
    assert "1 omhoog, 2 gelijk, 1 omlaag" in line
    assert "niveau 2" in line
    # the domains scored 1 or 2 now, most urgent first
    assert 'Vraagt aandacht: <span class="wt-urgent">Financiën 1</span>' in line
    assert '<span class="wt-urgent">Huisvesting 2</span>' in line
    assert "Geestelijke gezondheid" not in line
