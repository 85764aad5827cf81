"""Own strength and team: referrals by provider type and outcome, planned and actual FTE,
expertise per life domain, new households per 1,000 inhabitants (#13), with known answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from wijkteam.accounts.models import Membership, Role
from wijkteam.casework.models import Plan, Solution
from wijkteam.casework.tests.helpers import actor
from wijkteam.conftest import make_person
from wijkteam.organisations.models import Team
from wijkteam.socialmap.models import Expertise, Provider, Referral, Service
from wijkteam.steering.measures import per_1000_cell
from wijkteam.steering.selectors import indicator_tables
from wijkteam.steering.summaries import summaries_refresh_all
from wijkteam.steering.tables import Cell, IndicatorTable, Period, Selection
from wijkteam.steering.tests import city
from wijkteam.teamdesign.models import CompositionLine
from wijkteam.teamdesign.services import design_start


def _tables(
    world: Any, keys: list[str], period: Period, **selection: Any
) -> dict[str, IndicatorTable]:
    chosen = Selection(municipality_id=world.municipality.pk, period=period, **selection)
    return {t.key: t for t in indicator_tables(actor(world.policy), chosen, keys=keys)}


def test_referrals_by_provider_type_and_outcome(world: Any) -> None:
    day = city.last_quarter().start + dt.timedelta(days=5)
    household = city.households(world, world.team_a, 1, day=day)[0]
    plan = Plan.objects.create(
        household=household,
        trajectory=city.trajectory(world, household, started=day),
        agreed_on=day,
        created_by=world.member_a,
    )
    solution = Solution.objects.create(plan=plan, frame="general_provision", text="Buurthuis")
    provider = Provider.objects.create(municipality=world.municipality, name="Welzijn")
    services = {
        kind: Service.objects.create(
            municipality=world.municipality,
            provider=provider,
            external_id=kind,
            name=f"Dienst {kind}",
            service_type=kind,
        )
        for kind in ("general", "tailored")
    }
    statuses = [
        ("general", s) for s in ["started"] * 3 + ["ended", "refused", "refused", "proposed"]
    ]
    statuses += [("tailored", "sent"), ("tailored", "accepted")]
    Referral.objects.bulk_create(
        [
            Referral(
                solution=solution,
                service=services[kind],
                provider=provider,
                status=status,
                proposed_on=day,
                created_by=world.member_a,
            )
            for kind, status in statuses
        ]
    )
    summaries_refresh_all()
    assert city.summed("referrals_by_provider_type") == {
        "general:started": 4,
        "general:refused": 2,
        "general:open": 1,
        "tailored:open": 2,
    }


def test_planned_and_actual_fte_and_expertise(world: Any) -> None:
    team = Team.objects.create(municipality=world.municipality, name="Team C")
    leader = make_person(
        "leader_c", municipality=world.municipality, role=Role.TEAM_LEADER, team=team, fte="0.20"
    )
    first = make_person(
        "first_c", municipality=world.municipality, role=Role.TEAM_MEMBER, team=team, fte="0.80"
    )
    make_person(
        "second_c", municipality=world.municipality, role=Role.TEAM_MEMBER, team=team, fte="0.60"
    )
    gone = make_person(
        "gone_c", municipality=world.municipality, role=Role.TEAM_MEMBER, team=team, fte="1.00"
    )
    this_month = Period.containing(timezone.localdate(), "month")
    Membership.objects.filter(team=team).update(valid_from=this_month.start)
    Membership.objects.filter(user=gone).update(
        valid_from=this_month.start - dt.timedelta(days=90),
        valid_until=this_month.start - dt.timedelta(days=1),
    )
    design = design_start(actor=actor(leader), team=team)
    CompositionLine.objects.create(design=design, role="Generalist", fte="2.00")
    CompositionLine.objects.create(design=design, role="Teamleider", fte="0.50")
    for user, domain in (
        (first, "finances"),
        (leader, "finances"),
        (first, "housing"),
        (gone, "housing"),
    ):
        Expertise.objects.create(membership=Membership.objects.get(user=user), domain=domain)
    summaries_refresh_all()

    shown = _tables(
        world, ["fte_planned_actual", "expertise_coverage"], this_month, team_id=team.pk
    )
    fte = {row.key: [c.text for c in row.cells[:2]] for row in shown["fte_planned_actual"].rows}
    # this month: 0.2 + 0.8 + 0.6; last month only the member who left; the composition
    # keeps no history, so the planned FTE is known for this month only
    assert fte == {"planned": ["2,5", "\u2013"], "actual": ["1,6", "1,0"]}
    expertise = {row.key: row.cells[0].text for row in shown["expertise_coverage"].rows}
    assert (expertise["finances"], expertise["housing"], expertise["justice"]) == ("2", "1", "0")


def test_new_households_per_1000_inhabitants_from_the_protected_count(world: Any) -> None:
    assert per_1000_cell(Cell(40, "40", False), 8000).text == "5,0"
    assert per_1000_cell(Cell(None, "<10", True, "small"), 8000).text == "<10"
    quarter = city.last_quarter()
    for month in quarter.months():
        city.households(world, world.team_a, 15, day=month + dt.timedelta(days=2))
        city.households(world, world.team_b, 12, day=month + dt.timedelta(days=2))
    summaries_refresh_all()
    keys = ["new_households", "new_households_per_1000"]
    for selection, inhabitants in (({"area_id": world.area_a.pk}, 8000), ({}, 17000)):
        shown = _tables(world, keys, quarter, **selection)
        count = shown["new_households"].rows[0].cells[0]
        rate = shown["new_households_per_1000"].rows[0].cells[0]
        assert rate == per_1000_cell(count, inhabitants)
        if not count.suppressed:  # the rate is of the rounded count that is shown
            assert count.value is not None
            assert rate.value == count.value / inhabitants * 1000
    # a team is no unit with inhabitants: no rate
    assert "new_households_per_1000" not in _tables(world, keys, quarter, team_id=world.team_a.pk)
