from typing import Any

import pytest

from wijkteam.casework import selectors, services
from wijkteam.casework.tests.helpers import actor, make_household, make_plan, trajectory_of
from wijkteam.privacy.models import AccessLogEntry
from wijkteam.privacy.policy import AccessDenied, ViewLevel, decide
from wijkteam.privacy.rules.casework import households_visible_to


@pytest.fixture
def household(world: Any) -> Any:
    household = make_household(world)
    make_plan(world, household)
    services.note_create(actor=actor(world.member_a), household=household, text="Geheim gesprek")
    return household


@pytest.mark.parametrize(
    ("persona", "level"),
    [
        ("member_a", ViewLevel.FULL),
        ("leader_a", ViewLevel.METADATA),
        ("civil_servant_a", ViewLevel.RESTRICTED),
        ("member_b", ViewLevel.NONE),
        ("policy", ViewLevel.NONE),
        ("admin", ViewLevel.NONE),
        ("privacy_officer", ViewLevel.NONE),
        ("other_admin", ViewLevel.NONE),
    ],
)
def test_view_level_per_role(world: Any, household: Any, persona: str, level: ViewLevel) -> None:
    assert decide(actor(world.users[persona]), household).level == level


def test_uninvolved_colleague_sees_metadata_only(world: Any, household: Any) -> None:
    colleague = world.member_a.__class__.objects.create(username="colleague")
    from wijkteam.accounts.models import Membership, Role, SecrecyStatus

    Membership.objects.create(
        user=colleague,
        municipality=world.municipality,
        team=world.team_a,
        role=Role.TEAM_MEMBER,
        secrecy_status=SecrecyStatus.PROFESSIONAL_SECRECY,
    )
    file = selectors.household_file(actor=actor(colleague), household_id=household.pk)
    assert file.level == ViewLevel.METADATA
    assert file.members == [] and file.notes == [] and file.plan is None
    assert file.trajectory is not None  # the phase is metadata


def test_involving_the_team_leader_gives_the_full_file(world: Any, household: Any) -> None:
    services.involvement_add(
        actor=actor(world.member_a),
        trajectory=trajectory_of(household),
        user=world.leader_a,
        role="Tweede lijn",
    )
    file = selectors.household_file(actor=actor(world.leader_a), household_id=household.pk)
    assert file.level == ViewLevel.FULL
    assert [n.text for n in file.notes] == ["Geheim gesprek"]


def test_civil_servant_sees_identity_and_kind_of_help_but_no_notes(
    world: Any, household: Any
) -> None:
    file = selectors.household_file(actor=actor(world.civil_servant_a), household_id=household.pk)
    assert file.level == ViewLevel.RESTRICTED
    assert len(file.members) == 3 and any(m.bsn for m in file.members)
    assert file.notes == [] and file.plan is None and file.network == []
    assert len(file.help_frames) == 4


def test_involved_civil_servant_still_restricted(world: Any, household: Any) -> None:
    from wijkteam.casework.models import Involvement

    # The service refuses to involve a civil servant; even if the row exists, secrecy decides.
    Involvement.objects.create(
        trajectory=trajectory_of(household), user=world.civil_servant_a, role="Wmo"
    )
    assert decide(actor(world.civil_servant_a), household).level == ViewLevel.RESTRICTED


def test_outsider_gets_access_denied_and_no_log_row(world: Any, household: Any) -> None:
    before = AccessLogEntry.objects.count()
    with pytest.raises(AccessDenied):
        selectors.household_file(actor=actor(world.member_b), household_id=household.pk)
    assert AccessLogEntry.objects.count() == before


def test_every_file_read_is_logged(world: Any, household: Any) -> None:
    selectors.household_file(actor=actor(world.member_a), household_id=household.pk)
    entry = AccessLogEntry.objects.filter(object_type="households.household", event="read").get()
    assert entry.actor == world.member_a and entry.on_behalf_of == "Team A"


def test_households_visible_to_uses_team_and_involvement(world: Any, household: Any) -> None:
    assert list(households_visible_to(world.member_a)) == [household]
    assert list(households_visible_to(world.leader_a)) == [household]
    assert list(households_visible_to(world.member_b)) == []
    assert list(households_visible_to(world.policy)) == []
    # A professional of team B who gets involved sees it through the involvement.
    services.involvement_add(
        actor=actor(world.member_a),
        trajectory=trajectory_of(household),
        user=world.member_b,
        role="Schuldhulp",
    )
    assert list(households_visible_to(world.member_b)) == [household]
    assert decide(actor(world.member_b), household).level == ViewLevel.FULL
    # The involvements are read as a list of ids: the filter is ``team_id IN (...) OR id IN
    # (ids)``, which PostgreSQL serves from indexes; an OR with a subquery made it filter
    # every household of the city (docs/benchmark.md, "Household search").
    sql = str(households_visible_to(world.member_b).query)
    assert "casework_involvement" not in sql and f"IN ({household.pk})" in sql
