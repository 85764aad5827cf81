"""Migration 0004 moved the self-sufficiency rows of the summary to the one vocabulary's codes
(and back when reversed) and dropped that indicator's protected periods, computed from the old
rows."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone

from wijkteam.steering.models import ProtectedPeriod, SummaryCount

migration = importlib.import_module("wijkteam.steering.migrations.0004_life_domain_codes")
KEY = "self_sufficiency_change"


@pytest.mark.django_db
def test_self_sufficiency_rows_move_and_their_patterns_go(world: Any) -> None:
    month = timezone.localdate().replace(day=1)
    row = SummaryCount.objects.create(
        team=world.team_a, month=month, indicator=KEY, dimension="mental:up", count=3
    )
    other = SummaryCount.objects.create(
        team=world.team_a, month=month, indicator="expertise_coverage", dimension="justice", count=1
    )
    ProtectedPeriod.objects.create(
        municipality=world.municipality, indicator=KEY, period=str(month.year), year=month.year
    )
    migration.forwards(apps, None)
    row.refresh_from_db()
    assert row.dimension == "mental_health:up"
    assert not ProtectedPeriod.objects.filter(indicator=KEY).exists()
    migration.backwards(apps, None)
    row.refresh_from_db()
    assert row.dimension == "mental:up"
    assert SummaryCount.objects.get(pk=other.pk).dimension == "justice"
