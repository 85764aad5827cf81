"""Leavers lose access (issue 12 point 2)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from wijkteam.accounts.models import Membership, Role, SecrecyStatus
from wijkteam.accounts.services import membership_end
from wijkteam.casework.tests.helpers import make_household, trajectory_of
from wijkteam.conftest import World
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Actor, ViewLevel
from wijkteam.privacy.rules.casework import active_involvements, households_visible_to


@pytest.mark.django_db
def test_a_leaver_with_a_membership_elsewhere_reads_nothing_of_the_old_team(
    world: World,
) -> None:
    household = make_household(world)  # member_a coordinates it
    Membership.objects.create(
        user=world.member_a,
        municipality=world.municipality,
        team=world.team_b,
        role=Role.TEAM_MEMBER,
        secrecy_status=SecrecyStatus.PROFESSIONAL_SECRECY,
    )
    Membership.objects.filter(user=world.member_a, team=world.team_a).update(
        valid_until=timezone.localdate() - dt.timedelta(days=1)
    )
    assert policy.view_level(Actor(user=world.member_a), household) == ViewLevel.NONE
    assert not households_visible_to(world.member_a).filter(pk=household.pk).exists()


@pytest.mark.django_db
def test_an_involved_professional_from_elsewhere_keeps_access(world: World) -> None:
    """Involvement from outside the team (never a member there) is not leaving."""
    household = make_household(world)
    assert policy.view_level(Actor(user=world.member_a), household) == ViewLevel.FULL
    assert households_visible_to(world.member_a).filter(pk=household.pk).exists()


@pytest.mark.django_db
def test_ending_a_membership_asks_for_a_successor_then_hands_over(world: World, client_for) -> None:
    household = make_household(world)  # member_a coordinates it
    membership = Membership.objects.get(user=world.member_a, team=world.team_a)
    client = client_for(world.admin)
    url = reverse("accounts:membership_end", args=[membership.pk])
    prompt = client.post(url)
    assert prompt.status_code == 400
    assert b'name="successor"' in prompt.content
    membership.refresh_from_db()
    assert membership.valid_until is None  # nothing changed yet
    assert client.post(url, {"successor": world.leader_a.pk}).status_code == 302
    trajectory = trajectory_of(household)
    assert trajectory.coordinator_id == world.leader_a.pk
    assert not active_involvements(world.member_a).exists()
    assert active_involvements(world.leader_a).filter(trajectory=trajectory).exists()
    fresh = type(world.member_a).objects.get(pk=world.member_a.pk)
    assert policy.view_level(Actor(user=fresh), household) == ViewLevel.NONE


@pytest.mark.django_db
def test_a_membership_can_end_on_the_day_it_started(world: World) -> None:
    membership = Membership.objects.create(
        user=world.member_b,
        municipality=world.municipality,
        team=world.team_a,
        role=Role.TEAM_MEMBER,
        secrecy_status=SecrecyStatus.PROFESSIONAL_SECRECY,
    )
    assert policy.team_membership(world.member_b, world.team_a.pk) is not None
    membership_end(actor=Actor(user=world.admin), membership=membership)
    assert not Membership.objects.active().filter(pk=membership.pk).exists()
    assert policy.team_membership(world.member_b, world.team_a.pk) is None
