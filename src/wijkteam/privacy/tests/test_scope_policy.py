"""Scope decisions (issue 12 point 5): questions on a team or municipality go through the policy."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wijkteam.conftest import World
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rules.casework import CREATE_HOUSEHOLD, SEE_CASELOAD
from wijkteam.privacy.rules.socialmap import EDIT_SOCIAL_MAP

SRC = Path(__file__).resolve().parents[2]


def _may(world: World, persona: str, action: str, **scope: object) -> bool:
    return policy.may_scope(Actor(user=getattr(world, persona)), action, **scope)  # type: ignore[arg-type]


@pytest.mark.django_db
def test_create_household_is_a_scope_decision(world: World) -> None:
    allowed = {p for p in world.users if _may(world, p, CREATE_HOUSEHOLD, team=world.team_a)}
    assert allowed == {"member_a", "leader_a"}
    decision = policy.decide_scope(Actor(user=world.member_a), CREATE_HOUSEHOLD, team=world.team_a)
    assert (decision.role, decision.on_behalf_of) == ("team_member", world.team_a.name)


@pytest.mark.django_db
def test_caseload_is_a_scope_decision(world: World) -> None:
    allowed = {p for p in world.users if _may(world, p, SEE_CASELOAD, team=world.team_a)}
    assert allowed == {"member_a", "leader_a", "civil_servant_a"}


@pytest.mark.django_db
def test_social_map_editing_is_a_scope_decision(world: World) -> None:
    here = world.municipality
    allowed = {p for p in world.users if _may(world, p, EDIT_SOCIAL_MAP, municipality=here)}
    assert allowed == {"admin", "leader_a"}
    assert _may(world, "other_admin", EDIT_SOCIAL_MAP, municipality=world.other_municipality)


@pytest.mark.django_db
def test_unknown_scope_actions_and_mismatched_scopes_are_denied(world: World) -> None:
    actor = Actor(user=world.admin)
    assert not policy.decide_scope(actor, "no_such_action", team=world.team_a).allowed
    assert not policy.may_scope(
        Actor(user=world.member_a),
        CREATE_HOUSEHOLD,
        team=world.team_a,
        municipality=world.other_municipality,
    )
    with pytest.raises(policy.AccessDenied):
        policy.require_scope(Actor(user=world.member_b), CREATE_HOUSEHOLD, team=world.team_a)


def test_no_hand_built_decisions_outside_the_privacy_app() -> None:
    """A ``Decision`` built by hand in a selector, service or view is a side door."""
    offenders = [
        f"{path.relative_to(SRC)}:{number}"
        for path in SRC.rglob("*.py")
        if "privacy" not in path.parts and "tests" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\bDecision\(", line)
    ]
    assert offenders == []


@pytest.mark.django_db
def test_access_log_supervision_is_a_scope_decision(world: World) -> None:
    from wijkteam.privacy.rules.privacy import SUPERVISE

    here = world.municipality
    allowed = {p for p in world.users if _may(world, p, SUPERVISE, municipality=here)}
    assert allowed == {"privacy_officer"}


@pytest.mark.django_db
def test_team_design_is_a_scope_decision_before_a_design_exists(world: World) -> None:
    from wijkteam.privacy.rules.teamdesign import EDIT_DESIGN, TEAM_DESIGN
    from wijkteam.teamdesign.models import TeamDesign

    assert not TeamDesign.objects.filter(team=world.team_a).exists()
    readers = {p for p in world.users if _may(world, p, TEAM_DESIGN, team=world.team_a)}
    assert readers == {"member_a", "civil_servant_a", "leader_a", "policy"}
    decision = policy.decide_scope(Actor(user=world.policy), TEAM_DESIGN, team=world.team_a)
    assert EDIT_DESIGN not in decision.actions


def test_every_scope_action_is_in_the_rule_table_of_the_architecture() -> None:
    """The privacy officer reads the whole rule set in one place: no scope rule left out."""
    text = (SRC.parents[1] / "docs" / "architecture.md").read_text()
    missing = [a for a in policy.registered_scope_actions() if f"`{a}`" not in text]
    assert missing == []


def test_no_role_checks_outside_the_privacy_and_accounts_apps() -> None:
    """Which teams or municipalities allow something is the policy's answer
    (``teams_where``/``municipalities_where``), not a role compared in a view or selector."""
    pattern = re.compile(r"(==|!=|\bin\b) *\(?Role\.|Role\.[A-Z_]+ (in|not in) |has_role\(")
    offenders = [
        f"{path.relative_to(SRC)}:{number}"
        for path in SRC.rglob("*.py")
        if not {"privacy", "accounts", "tests", "migrations", "benchmarks"} & set(path.parts)
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


@pytest.mark.django_db
def test_emergency_review_and_break_the_glass_are_scope_decisions(world: World) -> None:
    from wijkteam.privacy.rules.privacy import BREAK_GLASS, REVIEW_EMERGENCY

    team, here = world.team_a, world.municipality
    assert {p for p in world.users if _may(world, p, REVIEW_EMERGENCY, team=team)} == {"leader_a"}
    assert {p for p in world.users if _may(world, p, REVIEW_EMERGENCY, municipality=here)} == {
        "privacy_officer"
    }
    assert {p for p in world.users if _may(world, p, BREAK_GLASS, team=team)} == {
        "member_a",
        "leader_a",
    }


@pytest.mark.django_db
def test_steering_and_design_lists_are_scope_decisions(world: World) -> None:
    from wijkteam.privacy.rules.steering import READ_DEFINITIONS, READ_TEAM
    from wijkteam.privacy.rules.teamdesign import READ_ALL_DESIGNS

    here = world.municipality
    assert {p for p in world.users if _may(world, p, READ_DEFINITIONS, municipality=here)} == {
        "policy",
        "leader_a",
    }
    assert {p for p in world.users if _may(world, p, READ_ALL_DESIGNS, municipality=here)} == {
        "policy"
    }
    leader = Actor(user=world.leader_a)
    assert policy.teams_where(leader, READ_TEAM) == [world.team_a]
    assert policy.teams_where(Actor(user=world.member_a), READ_TEAM) == []
    assert [
        m.pk for m in policy.municipalities_where(Actor(user=world.policy), READ_DEFINITIONS)
    ] == [here.pk]


def test_no_made_up_model_instances_handed_to_the_policy() -> None:
    """ "May I add a provider to this municipality" is a scope question, not a decision on an
    unsaved ``Provider(municipality=...)`` built to ask it."""
    pattern = re.compile(r"policy\.(require|may|decide|view_level)\([^)]*\b[A-Z]\w*\(\w+=")
    offenders = [
        f"{path.relative_to(SRC)}:{number}"
        for path in SRC.rglob("*.py")
        if "tests" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


@pytest.mark.django_db
def test_reading_the_social_map_is_a_scope_decision(world: World) -> None:
    from wijkteam.privacy.rules.socialmap import READ_SOCIAL_MAP

    here = world.municipality
    readers = {p for p in world.users if _may(world, p, READ_SOCIAL_MAP, municipality=here)}
    assert "member_a" in readers and "admin" in readers and "other_admin" not in readers
