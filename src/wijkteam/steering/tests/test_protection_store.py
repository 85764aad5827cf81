"""The stored year pattern: used while the summary is unchanged, recomputed when it changes."""

from __future__ import annotations

from typing import Any

from wijkteam.casework.tests.helpers import actor
from wijkteam.steering.models import ProtectedPeriod, SteeringSettings, SummaryCount
from wijkteam.steering.protection import refresh_patterns
from wijkteam.steering.selectors import indicator_tables
from wijkteam.steering.tables import Selection
from wijkteam.steering.tests import city


def _new_households(world: Any) -> str:
    chosen = Selection(municipality_id=world.municipality.pk, period=city.last_quarter())
    [table] = indicator_tables(actor(world.policy), chosen, keys=["new_households"])
    return table.rows[0].cells[0].text


def test_a_changed_summary_gets_a_new_pattern_and_the_job_skips_unchanged_years(
    world: Any,
) -> None:
    SteeringSettings.objects.create(
        municipality=world.municipality, threshold=5, rounding=1, min_denominator=5
    )
    quarter = city.last_quarter()
    for month in quarter.months():
        for team in (world.team_a, world.team_b):
            SummaryCount.objects.create(
                team=team, month=month, indicator="new_households", dimension="all", count=7
            )
    assert _new_households(world) == "42"
    stored = ProtectedPeriod.objects.get(
        municipality=world.municipality, indicator="new_households", period=quarter.slug
    )
    assert stored.cells["M"]["all"] == 42
    assert refresh_patterns(municipality_ids=[world.municipality.pk], keys=["new_households"]) == 0
    SummaryCount.objects.filter(team=world.team_a, month=quarter.start).update(count=9)
    assert _new_households(world) == "44"  # the fingerprint changed: computed again
    assert refresh_patterns(municipality_ids=[world.municipality.pk], keys=["new_households"]) == 0
