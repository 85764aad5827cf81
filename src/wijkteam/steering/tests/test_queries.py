"""The municipality dashboard reads a small, fixed number of queries (#13, "Scale"): the
summary stamps and the stored rows (patterns, and the measured indicators' sums) are read in
one query each for every indicator and period, whatever the number of indicators and teams."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wijkteam.casework.tests.helpers import actor
from wijkteam.organisations.models import Team
from wijkteam.steering.selectors import COMPUTED, indicator_tables
from wijkteam.steering.summaries import summaries_refresh_all
from wijkteam.steering.tables import Selection
from wijkteam.steering.tests import city

MOST = 12  # municipality, policy, teams and areas, access log, rule, the reads (10 now)


def _queries(world: Any, keys: list[str] | None) -> int:
    chosen = Selection(municipality_id=world.municipality.pk, period=city.last_quarter())
    indicator_tables(actor(world.policy), chosen, keys=keys)  # warm: the actor's own reads
    with CaptureQueriesContext(connection) as captured:
        tables = indicator_tables(actor(world.policy), chosen, keys=keys)
    assert tables
    return len(captured.captured_queries)


def test_dashboard_queries_do_not_grow_with_indicators_or_teams(world: Any) -> None:
    day = city.last_quarter().start + dt.timedelta(days=3)
    city.signals(world, world.team_a, 12, day=day, kind="housing_corporation")
    city.planned_trajectories(world, world.team_b, day=day, plan_after=[5] * 6)
    summaries_refresh_all()  # the patterns: computed by the first (warm) request
    # one of each kind: a protected count, a median, a rate per 1,000 inhabitants
    three = _queries(
        world, ["signals_by_partner_kind", "time_per_phase", "new_households_per_1000"]
    )
    every = _queries(world, None)
    assert every == three <= MOST, (three, every)

    team = Team.objects.create(municipality=world.municipality, name="Team C")
    team.areas.add(world.area_a)
    assert _queries(world, list(COMPUTED)) == every
