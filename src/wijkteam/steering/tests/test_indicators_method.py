"""Working methodically: trajectories with a plan in time, days per phase (#13), against a
hand-built small city with known answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wijkteam.casework.models import CaseworkSettings, TrajectoryFramework
from wijkteam.casework.tests.helpers import actor
from wijkteam.steering.models import SteeringSettings
from wijkteam.steering.selectors import indicator_tables
from wijkteam.steering.summaries import summaries_refresh_all
from wijkteam.steering.tables import IndicatorTable, Selection
from wijkteam.steering.tests import city

KEYS = ["plan_within_days", "time_per_phase"]


def _tables(world: Any, **selection: Any) -> dict[str, IndicatorTable]:
    chosen = Selection(
        municipality_id=world.municipality.pk, period=city.last_quarter(), **selection
    )
    return {t.key: t for t in indicator_tables(actor(world.policy), chosen, keys=KEYS)}


def _shown(table: IndicatorTable) -> dict[str, str]:
    return {row.key: row.cells[0].text for row in table.rows}


def test_plan_in_time_and_days_per_phase(world: Any) -> None:
    SteeringSettings.objects.create(
        municipality=world.municipality, threshold=5, rounding=1, min_denominator=5
    )
    day = city.last_quarter().start + dt.timedelta(days=3)
    # team A (42 days for a plan): 6 plans in time, 3 late, 2 without a plan (late by now);
    # conversations after 1..11 days
    city.planned_trajectories(
        world,
        world.team_a,
        day=day,
        plan_after=[20] * 6 + [50] * 3 + [None] * 2,
        talk_after=list(range(1, 12)),
    )
    # team B: 5 plans after 5 days, 5 after 60 days; no conversations registered
    city.planned_trajectories(world, world.team_b, day=day, plan_after=[5] * 5 + [60] * 5)
    summaries_refresh_all()

    shown = _tables(world)
    # the shares go through the small-number protection (suppression.py); here the counts
    assert city.summed("plan_within_days") == {"in_time": 11, "late": 10}
    # analysis: 1..11 days, median 6; plan: conversation to plan 19..14 and 43, 42, 41 days
    phases = _shown(shown["time_per_phase"])
    assert (phases["analysis"], phases["plan"]) == ("6,0", "18,0")
    assert phases["support"] == "<5"  # no evaluations: nothing to take a median of

    assert city.summed("plan_within_days", team=world.team_b) == {"in_time": 5, "late": 5}
    # the team's own number of days counts: with 70 days all of team B's plans are in time
    CaseworkSettings.objects.create(team=world.team_b, no_plan_after_days=70)
    summaries_refresh_all()
    assert city.summed("plan_within_days", team=world.team_b) == {"in_time": 10}


def test_legal_framework_filter_reads_the_framework_rows(world: Any) -> None:
    SteeringSettings.objects.create(
        municipality=world.municipality, threshold=5, rounding=1, min_denominator=5
    )
    day = city.last_quarter().start + dt.timedelta(days=3)
    made = city.planned_trajectories(
        world, world.team_a, day=day, plan_after=[20] * 11, talk_after=list(range(1, 12))
    )
    TrajectoryFramework.objects.bulk_create(
        [TrajectoryFramework(trajectory=t, framework="jeugdwet") for t in made[:6]]
        + [TrajectoryFramework(trajectory=t, framework="wmo") for t in made[5:]]
    )
    summaries_refresh_all()
    youth = _tables(world, framework="jeugdwet")
    assert _shown(youth["time_per_phase"])["analysis"] == "3,5"  # 1..6 days
    assert _shown(_tables(world, framework="wmo")["time_per_phase"])["analysis"] == "8,5"  # 6..11
    assert _shown(_tables(world)["time_per_phase"])["analysis"] == "6,0"  # all 11 once
    assert _shown(_tables(world, framework="participatiewet")["time_per_phase"])["analysis"] == "<5"
    # signals are not about a trajectory: no table under a framework filter
    chosen = Selection(
        municipality_id=world.municipality.pk, period=city.last_quarter(), framework="wmo"
    )
    keys = {
        t.key for t in indicator_tables(actor(world.policy), chosen, keys=["signals_by_source"])
    }
    assert keys == set()
