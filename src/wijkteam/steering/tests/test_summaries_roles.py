"""The summary stays true (incremental refresh == recompute; --check), and who reads what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from wijkteam.casework.tests.helpers import actor
from wijkteam.privacy.models import AccessLogEntry
from wijkteam.privacy.policy import AccessDenied
from wijkteam.steering.models import SummaryCount
from wijkteam.steering.selectors import indicator_tables, team_leader_tables
from wijkteam.steering.summaries import (
    summaries_check,
    summaries_compute,
    summaries_refresh_all,
    summaries_refresh_recent,
)
from wijkteam.steering.tables import Period, Selection
from wijkteam.steering.tests import city


def _small_city(world: Any) -> Period:
    quarter = city.last_quarter()
    for offset, team in ((3, world.team_a), (50, world.team_b)):
        day = quarter.start + dt.timedelta(days=offset)
        city.signals(world, team, 11, day=day, kind="pharmacy")
        city.signals(world, team, 4, day=day, source="self_referral")
        city.households(world, team, 12, day=day)
        city.evaluations(world, team, {"yes": 6, "no": 2}, day=day)
    return quarter


def test_incremental_refresh_equals_recompute(world: Any) -> None:
    _small_city(world)
    summaries_refresh_all()
    everything = summaries_compute()
    assert everything and summaries_check() == []
    # new registrations this month: the 15-minute run picks them up, the rest stays
    today = timezone.localdate()
    city.signals(world, world.team_a, 2, day=today, kind="gp")
    assert summaries_check() != []
    summaries_refresh_recent()
    assert summaries_check() == []
    stored = {
        (r.team_id, r.month, r.framework, r.indicator, r.dimension): r.count
        for r in SummaryCount.objects.all()
    }
    assert stored == summaries_compute()


def test_recompute_check_fails_on_a_wrong_count(world: Any) -> None:
    _small_city(world)
    call_command("steering_recompute")
    call_command("steering_recompute", "--check")
    row = SummaryCount.objects.filter(indicator="new_households").first()
    assert row is not None
    row.count += 1
    row.save()
    with pytest.raises(CommandError):
        call_command("steering_recompute", "--check")


@pytest.mark.parametrize(
    "persona",
    ["member_a", "civil_servant_a", "leader_a", "admin", "privacy_officer", "other_admin"],
)
def test_only_policy_staff_read_the_municipality_aggregates(world: Any, persona: str) -> None:
    quarter = _small_city(world)
    summaries_refresh_all()
    selection = Selection(municipality_id=world.municipality.pk, period=quarter)
    with pytest.raises(AccessDenied):
        indicator_tables(actor(getattr(world, persona)), selection)
    assert not AccessLogEntry.objects.filter(
        object_type="steering.aggregates", outcome="granted"
    ).exists()


def test_policy_staff_get_aggregates_only(world: Any) -> None:
    quarter = _small_city(world)
    summaries_refresh_all()
    selection = Selection(municipality_id=world.municipality.pk, period=quarter)
    tables = indicator_tables(actor(world.policy), selection)
    assert {t.key for t in tables} >= {"signals_by_source", "new_households"}
    labels = {row.label for table in tables for row in table.rows}
    names = {"Huishouden 0", "Bewoner", world.member_a.get_full_name(), "pharmacy 1"}
    assert not labels & names  # row labels are categories, never a household or a person
    with pytest.raises(AccessDenied):  # no team or area of another municipality
        other_team = Selection(municipality_id=world.other_municipality.pk, period=quarter)
        indicator_tables(actor(world.policy), other_team)
    with pytest.raises(AccessDenied):
        indicator_tables(
            actor(world.policy),
            Selection(municipality_id=world.municipality.pk, period=quarter, team_id=10**6),
        )
    with pytest.raises(AccessDenied):  # the team leader's own-team view is not for policy staff
        team_leader_tables(actor(world.policy), world.team_a, quarter)


def test_team_leader_sees_the_own_team_per_coordinator(world: Any) -> None:
    quarter = _small_city(world)
    summaries_refresh_all()
    tables = team_leader_tables(actor(world.leader_a), world.team_a, quarter)
    caseload = tables[0]
    assert caseload.key == "caseload_per_coordinator"
    assert (
        caseload.total is not None and caseload.total.cells[0].value == 8
    )  # open trajectories (evaluated households)
    households = next(t for t in tables if t.key == "new_households")
    assert households.rows[0].cells[0].value == 12 + 8  # own team, not suppressed
    assert AccessLogEntry.objects.filter(
        object_type="steering.team", object_id=str(world.team_a.pk)
    ).exists()
    with pytest.raises(AccessDenied):
        team_leader_tables(actor(world.leader_a), world.team_b, quarter)
    with pytest.raises(AccessDenied):
        team_leader_tables(actor(world.member_a), world.team_a, quarter)
