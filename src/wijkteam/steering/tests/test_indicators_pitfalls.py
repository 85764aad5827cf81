"""Plans with goals and intended results, and the pitfall signals for policy staff (#13): the
state of the open trajectories at each month's end, by the team caseload's rules, against a
hand-built small city with known answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from wijkteam.casework.models import Goal, IntendedResult, Note, Plan, ProblemStatement
from wijkteam.casework.selectors.overview import caseload
from wijkteam.casework.tests.helpers import actor
from wijkteam.organisations.models import Team
from wijkteam.steering.models import SteeringSettings, SummaryCount
from wijkteam.steering.protection import refresh_patterns
from wijkteam.steering.selectors import indicator_tables
from wijkteam.steering.summaries import summaries_refresh_all
from wijkteam.steering.tables import DASH, IndicatorTable, Selection
from wijkteam.steering.tests import city

KEYS = ["plans_with_goals_results", "pitfall_signals"]


def _open(
    world: Any, team: Team, count: int, *, day: dt.date, plan: str | None, note: bool
) -> None:
    """`count` trajectories started on `day`; a plan made 10 days later holding `plan`
    ("goals_and_results", "goals_only", "no_goals"; None: no plan); a note on the last day of
    the quarter when `note`."""
    for household in city.households(world, team, count, day=day):
        trajectory = city.trajectory(world, household, started=day)
        if plan is not None:
            made = Plan.objects.create(
                household=household, trajectory=trajectory, created_by=world.member_a
            )
            Plan.objects.filter(pk=made.pk).update(created_at=city.moment(day + dt.timedelta(10)))
            if plan != "no_goals":
                problem = ProblemStatement.objects.create(
                    plan=made, life_domain="finances", description="Schulden"
                )
                goal = Goal.objects.create(plan=made, problem=problem, text="Rust in geldzaken")
                if plan == "goals_and_results":
                    IntendedResult.objects.create(goal=goal, text="Een budgetplan")
        if note:
            last_day = city.last_quarter().end - dt.timedelta(days=1)
            Note.objects.create(
                household=household,
                trajectory=trajectory,
                text="Huisbezoek",
                occurred_at=city.moment(last_day),
                author=world.member_a,
            )


def _state(key: str, month: dt.date, team: Team | None = None) -> dict[str, int]:
    rows = SummaryCount.objects.filter(indicator=key, month=month, framework="")
    if team is not None:
        rows = rows.filter(team=team)
    found: dict[str, int] = {}
    for row in rows:
        found[row.dimension] = found.get(row.dimension, 0) + row.count
    return found


def _city(world: Any) -> None:
    SteeringSettings.objects.create(
        municipality=world.municipality, threshold=5, rounding=1, min_denominator=5
    )
    day = city.last_quarter().start + dt.timedelta(days=3)
    _open(world, world.team_a, 6, day=day, plan=None, note=False)
    _open(world, world.team_a, 7, day=day, plan="goals_and_results", note=True)
    _open(world, world.team_a, 5, day=day, plan="goals_only", note=False)
    _open(world, world.team_b, 8, day=day, plan="no_goals", note=True)
    _open(world, world.team_b, 6, day=day, plan="goals_and_results", note=False)
    # closed before the quarter's end: not open then
    household = city.households(world, world.team_b, 1, day=day)[0]
    city.trajectory(world, household, started=day, closed=day + dt.timedelta(days=20))
    summaries_refresh_all()


def test_open_trajectories_at_the_end_of_each_month(world: Any) -> None:
    _city(world)
    last_month = city.last_quarter().months()[-1]
    assert _state("plans_with_goals_results", last_month) == {
        "goals_and_results": 13,
        "goals_only": 5,
        "no_goals": 8,
    }
    # 42 days for a plan and for contact: the 6 without a plan; every household without a
    # note since it started, more than 42 days before the quarter's end
    assert _state("pitfall_signals", last_month) == {
        "no_plan": 6,
        "plan_without_goals": 8,
        "goals_without_results": 5,
        "no_recent_contact": 6 + 5 + 6,
    }
    # in the first month the plans are there (made 10 days after the start), no signal is due
    first_month = city.last_quarter().months()[0]
    assert _state("pitfall_signals", first_month) == {
        "plan_without_goals": 8,
        "goals_without_results": 5,
    }


def test_policy_dashboard_shows_the_quarter_as_its_last_month(world: Any) -> None:
    _city(world)
    refresh_patterns(keys=KEYS)
    chosen = Selection(municipality_id=world.municipality.pk, period=city.last_quarter())
    tables: dict[str, IndicatorTable] = {
        t.key: t for t in indicator_tables(actor(world.policy), chosen, keys=KEYS)
    }
    plans = tables["plans_with_goals_results"]
    shown = {row.key: row.cells[0].text for row in plans.rows}
    # a state, not a sum of three months: 13 of 26 (not 39 of 78)
    assert plans.total is not None and plans.total.cells[0].text == "26"
    # team A has no plan without goals and team B none with goals only (hidden, "<5"), so the
    # municipality's shares of those two rows would give them away beside the teams' rows
    assert shown == {"goals_and_results": DASH, "goals_only": DASH, "no_goals": "31%"}
    pitfalls = tables["pitfall_signals"]
    # the quarter is its last month (17 without recent contact, not the 3 months' sum); the
    # plan signals sit in one team each, beside a hidden "<5" of the other team
    assert {row.key: row.cells[0].text for row in pitfalls.rows} == {
        "no_plan": "6",
        "plan_without_goals": DASH,
        "goals_without_results": DASH,
        "no_recent_contact": "17",
    }
    # the same quarter a year earlier: nothing open
    assert {row.cells[2].text for row in pitfalls.rows} == {"<5"}
    # a team: team B has no plan-less or goal-less trajectory, so small cells are hidden
    team_b = Selection(
        municipality_id=world.municipality.pk, period=city.last_quarter(), team_id=world.team_b.pk
    )
    table = next(iter(indicator_tables(actor(world.policy), team_b, keys=["pitfall_signals"])))
    cells = {row.key: row.cells[0] for row in table.rows}
    assert cells["no_plan"].suppressed and cells["no_plan"].value is None
    assert cells["goals_without_results"].suppressed


def test_the_current_month_counts_what_the_team_caseload_shows(world: Any) -> None:
    day = timezone.localdate() - dt.timedelta(days=60)
    _open(world, world.team_a, 2, day=day, plan=None, note=False)
    _open(world, world.team_a, 3, day=day, plan="goals_only", note=False)
    _open(world, world.team_a, 1, day=day, plan="no_goals", note=False)
    household = city.households(world, world.team_a, 1, day=day)[0]
    trajectory = city.trajectory(world, household, started=day)
    Note.objects.create(
        household=household, trajectory=trajectory, text="Gebeld", author=world.member_a
    )
    summaries_refresh_all()
    load = caseload(actor=actor(world.leader_a), team=world.team_a)
    expected = {
        name: sum(getattr(line, name) for line in load.summary)
        for name in ("no_plan", "plan_without_goals", "goals_without_results", "no_recent_contact")
    }
    assert expected == {
        "no_plan": 3,  # the one with a note today has no plan either
        "plan_without_goals": 1,
        "goals_without_results": 3,
        "no_recent_contact": 6,
    }
    month = timezone.localdate().replace(day=1)
    assert _state("pitfall_signals", month, world.team_a) == expected
