from __future__ import annotations

import pytest

from wijkteam.accounts.models import Membership, Role
from wijkteam.conftest import make_person
from wijkteam.lifedomains import LifeDomain
from wijkteam.organisations.models import Team
from wijkteam.privacy.models import AccessLogEntry
from wijkteam.privacy.policy import AccessDenied, Actor
from wijkteam.socialmap import selectors, services


def _generated_team(world):  # type: ignore[no-untyped-def]
    team = Team.objects.create(municipality=world.municipality, name="Team Gegenereerd")
    plan = {
        "anna": ["finances", "housing"],
        "bram": ["finances", "mental_health", "addiction"],
        "cem": [],
        "dewi": ["justice"],
    }
    for name, domains in plan.items():
        person = make_person(f"{name}_gen", municipality=world.municipality, role=Role.TEAM_MEMBER, team=team,
                             home_org=world.home_org)  # fmt: skip
        membership = Membership.objects.get(user=person, team=team)
        services.expertise_set(actor=Actor(person), membership=membership, domains=domains)
    return team, plan


def test_uncovered_domains_for_generated_team(world) -> None:  # type: ignore[no-untyped-def]
    team, plan = _generated_team(world)
    covered = {d for domains in plan.values() for d in domains}
    expected = [d for d in LifeDomain.values if d not in covered]
    assert selectors.uncovered_domains(team=team) == expected
    assert "daytime_activities" in expected and "finances" not in expected


def test_former_member_does_not_count(world) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    team, _plan = _generated_team(world)
    Membership.objects.filter(team=team, user__username="dewi_gen").update(
        valid_until=dt.date.today() - dt.timedelta(days=1)
    )
    assert "justice" in selectors.uncovered_domains(team=team)


def test_team_expertise_names_people_and_is_logged(world) -> None:  # type: ignore[no-untyped-def]
    membership = Membership.objects.get(user=world.member_a)
    services.expertise_set(
        actor=Actor(world.member_a), membership=membership, domains=["finances", "bogus"]
    )
    rows = {
        r.domain: r
        for r in selectors.team_expertise(actor=Actor(world.leader_a), team=world.team_a)
    }
    assert [m.user for m in rows["finances"].members] == [world.member_a]
    assert rows["housing"].members == []
    assert (
        AccessLogEntry.objects.filter(
            object_type="socialmap.expertise", actor=world.leader_a
        ).count()
        == 1
    )
    with pytest.raises(AccessDenied):
        selectors.team_expertise(actor=Actor(world.member_b), team=world.team_a)


def test_only_own_expertise(world) -> None:  # type: ignore[no-untyped-def]
    membership = Membership.objects.get(user=world.member_a)
    with pytest.raises(AccessDenied):
        services.expertise_set(
            actor=Actor(world.leader_a), membership=membership, domains=["finances"]
        )


def test_expertise_pages(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.member_a)
    response = client.post("/socialmap/expertise/", {"domains": ["adl", "housing"]})
    assert response.status_code == 302
    page = client.get(f"/socialmap/expertise/teams/{world.team_a.pk}/").content.decode()
    assert "Member Test (Welzijn Test)" in page
