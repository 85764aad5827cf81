"""The plan's problems use the one vocabulary of life domains; migration 0006 moved the stored
short codes to it (and back when reversed)."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps

from wijkteam.casework.models import ProblemStatement
from wijkteam.casework.tests.helpers import make_household, make_plan

migration = importlib.import_module("wijkteam.casework.migrations.0006_life_domain_codes")


@pytest.mark.django_db
def test_problems_move_from_the_short_codes_and_back(world: Any) -> None:
    plan = make_plan(world, make_household(world))
    mental = ProblemStatement.objects.create(plan=plan, life_domain="mental", description="Somber")
    finances = plan.problems.get(life_domain="finances")
    migration.forwards(apps, None)
    mental.refresh_from_db()
    assert (mental.life_domain, mental.get_life_domain_display()) == (
        "mental_health",
        "Geestelijke gezondheid",
    )
    migration.backwards(apps, None)
    mental.refresh_from_db()
    assert mental.life_domain == "mental"
    assert ProblemStatement.objects.get(pk=finances.pk).life_domain == "finances"
