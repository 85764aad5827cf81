"""Each computed indicator against the hand-built small city (known answers)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from wijkteam.casework.tests.helpers import actor
from wijkteam.privacy.models import AccessLogEntry
from wijkteam.steering.models import SteeringSettings
from wijkteam.steering.selectors import indicator_tables
from wijkteam.steering.summaries import summaries_refresh_all
from wijkteam.steering.tables import IndicatorTable, Selection
from wijkteam.steering.tests import city


def _table(world: Any, key: str, **selection: Any) -> IndicatorTable:
    summaries_refresh_all()
    chosen = Selection(
        municipality_id=world.municipality.pk, period=city.last_quarter(), **selection
    )
    [table] = indicator_tables(actor(world.policy), chosen, keys=[key])
    return table


def _texts(table: IndicatorTable, column: int = 0) -> dict[str, str]:
    shown = {row.key: row.cells[column].text for row in table.rows}
    if table.total is not None:
        shown["total"] = table.total.cells[column].text
    return shown


def test_signals_by_partner_kind(world: Any) -> None:
    day = city.last_quarter().start + dt.timedelta(days=3)
    city.signals(world, world.team_a, 12, day=day, kind="pharmacy")
    city.signals(world, world.team_a, 3, day=day, kind="gp")
    city.signals(world, world.team_b, 20, day=day, kind="pharmacy")
    city.signals(world, world.team_b, 4, day=day, source="self_referral")  # not a partner
    table = _table(world, "signals_by_partner_kind")
    shown = _texts(table)
    assert shown["pharmacy"] == "30"  # 32, rounded to 5
    assert shown["gp"] == "<10"
    assert shown["police"] == "<10"  # zero is hidden too
    # all signals fell in one month: the quarter minus that month would give the other months
    # (all "<10") away, and so on for the year; the protection hid the total here
    assert shown["total"] == "\u2013"
    assert [cell.text for cell in table.rows[0].cells[1:]] == ["<10", "<10"]  # earlier periods
    assert table.columns[0] == city.last_quarter().label
    # Team B's 20 pharmacy signals are all its partner signals; with the totals hidden its
    # other rows cannot be worked out, so both teams' pharmacy rows can be shown
    team_a = _texts(_table(world, "signals_by_partner_kind", team_id=world.team_a.pk))
    team_b = _texts(_table(world, "signals_by_partner_kind", team_id=world.team_b.pk))
    assert (team_a["pharmacy"], team_b["pharmacy"]) == ("10", "20")
    assert team_b["total"] == "\u2013"
    assert team_a["gp"] == "<10"
    entry = AccessLogEntry.objects.filter(object_type="steering.aggregates").latest("pk")
    assert entry.actor == world.policy
    assert entry.object_id == str(world.municipality.pk)


def test_signals_by_source(world: Any) -> None:
    SteeringSettings.objects.create(
        municipality=world.municipality, threshold=5, rounding=1, min_denominator=5
    )
    day = city.last_quarter().start + dt.timedelta(days=40)
    city.signals(world, world.team_a, 7, day=day, kind="pharmacy")
    city.signals(world, world.team_a, 6, day=day, source="self_referral")
    city.signals(world, world.team_b, 9, day=day, source="self_referral")
    shown = _texts(_table(world, "signals_by_source"))
    # team B has no partner signals: the municipality's 7 next to team A's 7 would say so,
    # so one of them is hidden (the partner row is also the kinds' total: one system)
    team_a = _texts(_table(world, "signals_by_source", team_id=world.team_a.pk))
    assert "\u2013" in (shown["partner"], team_a["partner"])
    assert {shown["partner"], team_a["partner"]} <= {"7", "\u2013"}
    assert shown["self_referral"] == "15"
    assert shown["total"] == "\u2013"  # everything in one month (see above)


def test_new_and_returning_households(world: Any) -> None:
    SteeringSettings.objects.create(
        municipality=world.municipality, threshold=5, rounding=1, min_denominator=5
    )
    quarter = city.last_quarter()
    day = quarter.start + dt.timedelta(days=10)
    before = quarter.start - dt.timedelta(days=100)
    long_ago = quarter.start - dt.timedelta(days=500)
    city.households(world, world.team_a, 8, day=day)
    city.households(world, world.team_b, 6, day=day)
    returning = city.households(world, world.team_a, 6, day=long_ago)
    returning += city.households(world, world.team_b, 5, day=long_ago)
    for household in returning[:5] + returning[6:]:  # closed 100 days ago, back now: returning
        city.trajectory(world, household, started=before - dt.timedelta(days=30), closed=before)
        city.trajectory(world, household, started=day)
    city.trajectory(world, returning[5], started=long_ago, closed=long_ago)  # more than a year
    city.trajectory(world, returning[5], started=day)
    assert _texts(_table(world, "new_households"))["all"] == "14"
    assert _texts(_table(world, "new_households", team_id=world.team_a.pk))["all"] == "8"
    # the 10 returning households are all from one month of the year: hidden (see above)
    assert _texts(_table(world, "returning_households"))["all"] == "\u2013"
    returning_b = _table(world, "returning_households", team_id=world.team_b.pk)
    assert _texts(returning_b)["all"] == "\u2013"


def test_evaluations_question_answered_as_shares(world: Any) -> None:
    settings = SteeringSettings.objects.create(
        municipality=world.municipality, threshold=5, rounding=1, min_denominator=10
    )
    day = city.last_quarter().start + dt.timedelta(days=20)
    city.evaluations(world, world.team_a, {"yes": 12, "partly": 5, "no": 6}, day=day)
    city.evaluations(world, world.team_b, {"yes": 8, "partly": 6, "no": 7}, day=day)
    shown = _texts(_table(world, "evaluations_question_answered", area_id=world.area_a.pk))
    # every evaluation fell in one month of the year: the area's quarter is hidden
    assert set(shown.values()) == {"\u2013"}
    settings.min_denominator = 30
    settings.save()
    area = _table(world, "evaluations_question_answered", area_id=world.area_a.pk)
    assert [row.cells[0].reason for row in area.rows] == ["denominator"] * 3
    assert _texts(_table(world, "evaluations_question_answered"))["yes"] == "45%"  # 20 of 44


def test_solution_frames_need_the_minimum_base(world: Any) -> None:
    day = city.last_quarter().start + dt.timedelta(days=20)
    frames_a = {"own_strength": 40, "social_network": 30, "general_provision": 10}
    frames_a["tailored_provision"] = 20
    frames_b = {"own_strength": 26, "social_network": 24, "general_provision": 24}
    frames_b["tailored_provision"] = 26
    city.solutions(world, world.team_a, frames_a, day=day)
    city.solutions(world, world.team_b, frames_b, day=day)
    shown = _texts(_table(world, "solution_frames"))  # defaults: 10, round to 5, base 100
    assert shown == {
        "own_strength": "33%",
        "social_network": "27%",
        "general_provision": "17%",
        "tailored_provision": "23%",
        "total": "200",
    }
    # team A's solutions all fell in one month: its quarter is hidden, no value carried
    team_a = _table(world, "solution_frames", team_id=world.team_a.pk)
    assert {row.cells[0].text for row in team_a.rows} == {"\u2013"}
    assert {row.cells[0].value for row in team_a.rows} == {None}
    SteeringSettings.objects.create(municipality=world.municipality, min_denominator=150)
    team = _table(world, "solution_frames", team_id=world.team_a.pk)
    assert {row.cells[0].reason for row in team.rows} == {"denominator"}
