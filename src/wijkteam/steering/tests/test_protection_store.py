"""The stored year pattern: used while the summary is unchanged, recomputed when it changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wijkteam.casework.tests.helpers import actor
from wijkteam.steering.models import ProtectedPeriod, SteeringSettings, SummaryCount
from wijkteam.steering.protection import refresh_patterns
from wijkteam.steering.selectors import indicator_tables
from wijkteam.steering.summaries import (
    summaries_check,
    summaries_refresh_all,
    summaries_refresh_recent,
)
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
    # A count written past summaries_refresh (which raises the summary stamps): the request
    # trusts the stamp, the job's full fingerprint check finds the change and recomputes.
    SummaryCount.objects.filter(team=world.team_a, month=quarter.start).update(count=9)
    assert refresh_patterns(municipality_ids=[world.municipality.pk], keys=["new_households"]) == 1
    assert _new_households(world) == "44"
    assert refresh_patterns(municipality_ids=[world.municipality.pk], keys=["new_households"]) == 0


def test_a_refresh_that_changes_nothing_leaves_the_patterns_current(world: Any) -> None:
    SteeringSettings.objects.create(
        municipality=world.municipality, threshold=5, rounding=1, min_denominator=5
    )
    quarter = city.last_quarter()
    for month in quarter.months():
        for team in (world.team_a, world.team_b):
            city.households(world, team, 6, day=month + dt.timedelta(days=2))
    summaries_refresh_all()
    chosen = {"municipality_ids": [world.municipality.pk], "keys": ["new_households"]}
    assert refresh_patterns(**chosen) >= 1
    assert _new_households(world) == "36"
    before = dict(SummaryCount.objects.values_list("pk", "count"))
    summaries_refresh_all()  # the nightly run and the 15-minute run: nothing changed
    summaries_refresh_recent()
    assert dict(SummaryCount.objects.values_list("pk", "count")) == before
    assert refresh_patterns(**chosen) == 0
    # a registration: the refresh raises the year's stamp, the next request computes the year
    # (before any job run) and the job then finds it current
    city.households(world, world.team_b, 5, day=quarter.start + dt.timedelta(days=2))
    summaries_refresh_all()
    assert summaries_check() == []
    assert _new_households(world) == "41"
    assert refresh_patterns(**chosen) == 0
