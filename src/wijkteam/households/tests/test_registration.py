"""One registration (households.services.household_register) behind the new-household page
and POST /api/v1/households/; the first trajectory is casework's, started through the work
casework registers with households (households/work.py), and households imports no app
above it."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from django.urls import reverse

from wijkteam.casework.models import Involvement, Phase, Trajectory
from wijkteam.households.bsn import generate_test_bsn
from wijkteam.households.models import Household
from wijkteam.privacy.models import AccessLogEntry

HOUSEHOLDS = Path(__file__).resolve().parents[1]
ABOVE = ("wijkteam.casework", "wijkteam.assessments", "wijkteam.intake")


def _first_work(name: str) -> tuple[Trajectory, list[str]]:
    household = Household.objects.get(name=name)
    [trajectory] = Trajectory.objects.filter(household=household)
    involved = [i.user.username for i in Involvement.objects.filter(trajectory=trajectory)]
    return trajectory, involved


def test_page_and_api_register_with_the_first_trajectory(world: Any, client_for: Any) -> None:
    client = client_for(world.member_a)
    page = client.post(
        reverse("households:household_create"),
        {
            "name": "Familie Pagina",
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "0",
            "members-MAX_NUM_FORMS": "12",
            "members-0-first_name": "Pim",
            "members-0-last_name": "Pagina",
            "members-0-bsn": generate_test_bsn(),
        },
    )
    api = client.post(
        reverse("households_api:household_list"),
        {
            "team": world.team_a.pk,
            "name": "Familie Api",
            "members": [{"first_name": "Ada", "last_name": "Api", "bsn": generate_test_bsn()}],
        },
        content_type="application/json",
    )
    assert page.status_code == 302 and api.status_code == 201
    for name in ("Familie Pagina", "Familie Api"):
        trajectory, involved = _first_work(name)
        assert (trajectory.phase, trajectory.coordinator_id) == (Phase.ANALYSIS, world.member_a.pk)
        assert involved == [world.member_a.username]
        for object_type, pk in (
            ("households.household", trajectory.household_id),
            ("casework.trajectory", trajectory.pk),
        ):
            logged = AccessLogEntry.objects.filter(
                event="create", object_type=object_type, object_id=str(pk)
            )
            assert logged.count() == 1, object_type
    # The API answers with the phase the trajectory started in.
    assert (api.json()["name"], api.json()["team"], api.json()["phase"]) == (
        "Familie Api",
        world.team_a.name,
        Phase.ANALYSIS,
    )


def test_households_imports_no_app_above_it() -> None:
    """casework, assessments and intake build on households; households names none of them
    (casework takes part through households/work.py)."""
    found = []
    for path in HOUSEHOLDS.rglob("*.py"):
        if {"tests", "migrations"} & set(path.relative_to(HOUSEHOLDS).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            found += [f"{path.name}: {n}" for n in names if n.startswith(ABOVE)]
    assert found == []
