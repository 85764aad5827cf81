"""The area analysis shows households per life domain under the small-number rules (#13)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from wijkteam.casework.models import Plan, ProblemStatement
from wijkteam.casework.services import problem_add
from wijkteam.casework.tests.helpers import make_household, make_plan
from wijkteam.privacy.policy import Actor
from wijkteam.steering.tests import city
from wijkteam.teamdesign.selectors.analysis import area_analysis
from wijkteam.teamdesign.tests.helpers import start


def _households_with_problem(world: Any, domain: str, count: int) -> None:
    today = timezone.localdate()
    for household in city.households(world, world.team_a, count, day=today):
        plan = Plan.objects.create(
            household=household,
            trajectory=city.trajectory(world, household, started=today),
            created_by=world.member_a,
        )
        ProblemStatement.objects.create(plan=plan, life_domain=domain, description="Zorgen")


def test_a_domain_with_one_household_is_not_shown_as_one(world: Any) -> None:
    design = start(world)
    _households_with_problem(world, "finances", 1)
    _households_with_problem(world, "housing", 13)
    shown = dict(area_analysis(design=design).households_per_domain or [])
    assert "1" not in shown.values()
    assert sorted(shown.values()) == ["15", "<10"]  # 13 rounded to 5, 1 hidden


def test_households_per_domain_are_shown_under_the_domain_label(world: Any) -> None:
    """The plan's life domains are the ones team design labels (one vocabulary)."""
    design = start(world)
    plan = make_plan(world, make_household(world))
    problem_add(
        actor=Actor(world.member_a), plan=plan, life_domain="mental_health", description="Somber"
    )
    shown = dict(area_analysis(design=design).households_per_domain or [])
    assert sorted(shown) == ["Financiën", "Geestelijke gezondheid"]
