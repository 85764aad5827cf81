from __future__ import annotations

import datetime as dt

import pytest

from wijkteam.accounts.models import Membership
from wijkteam.conftest import World
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Action, Actor, ViewLevel


def _level(user, obj) -> ViewLevel:
    return policy.view_level(Actor(user=user), obj)


@pytest.mark.django_db
def test_team_view_levels_per_role(world: World) -> None:
    team = world.team_a
    assert _level(world.member_a, team) == ViewLevel.FULL
    assert _level(world.civil_servant_a, team) == ViewLevel.FULL
    assert _level(world.leader_a, team) == ViewLevel.FULL
    assert _level(world.admin, team) == ViewLevel.FULL
    assert _level(world.policy, team) == ViewLevel.METADATA
    assert _level(world.privacy_officer, team) == ViewLevel.METADATA
    assert _level(world.member_b, team) == ViewLevel.NONE
    assert _level(world.other_admin, team) == ViewLevel.NONE


@pytest.mark.django_db
def test_policy_staff_may_not_see_team_people(world: World) -> None:
    assert not policy.may(Actor(user=world.policy), Action.VIEW_MEMBERS, world.team_a)
    assert policy.may(Actor(user=world.member_a), Action.VIEW_MEMBERS, world.team_a)


@pytest.mark.django_db
def test_ended_membership_gives_no_access(world: World) -> None:
    Membership.objects.filter(user=world.member_a).update(
        valid_until=dt.date.today() - dt.timedelta(days=1)
    )
    world.member_a.refresh_from_db()
    assert _level(world.member_a, world.team_a) == ViewLevel.NONE


@pytest.mark.django_db
def test_inactive_account_gets_nothing(world: World) -> None:
    world.admin.is_active = False
    assert _level(world.admin, world.team_a) == ViewLevel.NONE


@pytest.mark.django_db
def test_unknown_object_types_are_denied(world: World) -> None:
    membership = Membership.objects.filter(user=world.member_a).get()
    assert _level(world.admin, membership) == ViewLevel.NONE


@pytest.mark.django_db
def test_only_functional_admin_manages_configuration(world: World) -> None:
    assert policy.may(Actor(user=world.admin), Action.MANAGE, world.area_a)
    for persona in ("member_a", "leader_a", "policy", "privacy_officer", "other_admin"):
        assert not policy.may(Actor(user=world.users[persona]), Action.MANAGE, world.area_a)


@pytest.mark.django_db
def test_secrecy_status_belongs_to_the_membership(world: World) -> None:
    from wijkteam.accounts.models import Role, SecrecyStatus

    Membership.objects.create(
        user=world.member_a,
        municipality=world.municipality,
        team=world.team_b,
        role=Role.CIVIL_SERVANT,
        secrecy_status=SecrecyStatus.DUTY_TO_REPORT,
    )
    memberships = {m.team_id: m for m in policy.active_memberships(world.member_a)}
    assert memberships[world.team_a.pk].secrecy_status == SecrecyStatus.PROFESSIONAL_SECRECY
    assert memberships[world.team_b.pk].secrecy_status == SecrecyStatus.DUTY_TO_REPORT
