from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from wijkteam.conftest import World
from wijkteam.households.models import Household
from wijkteam.privacy import emergency, policy
from wijkteam.privacy.models import AccessLogEntry, EmergencyAccess
from wijkteam.privacy.policy import Actor, ViewLevel

REASON = "Buren melden rook uit de woning, regisseur is niet bereikbaar."


@pytest.fixture
def household(world: World) -> Household:
    return Household.objects.create(
        team=world.team_a, name="Fam. Nood", street_address="Dorpsstraat 2"
    )


@pytest.mark.django_db
def test_break_the_glass_gives_time_limited_full_access_and_is_logged(
    world: World, household
) -> None:
    actor = Actor(user=world.member_a, ip_address="127.0.0.1")
    assert policy.view_level(actor, household) == ViewLevel.METADATA
    # Relative to the real clock: the fixtures' memberships start today.
    granted_at = timezone.now() + dt.timedelta(hours=1)
    with time_machine.travel(granted_at, tick=False):
        emergency.emergency_access_grant(actor=actor, household=household, reason=REASON)
        world.member_a.__dict__.pop("_wijkteam_emergency", None)
        assert policy.view_level(Actor(user=world.member_a), household) == ViewLevel.FULL
    row = AccessLogEntry.objects.get(object_type="privacy.emergencyaccess")
    assert REASON[:40] in row.purpose and row.actor == world.member_a
    with time_machine.travel(granted_at + dt.timedelta(hours=4, minutes=1), tick=False):
        fresh = Actor(user=type(world.member_a).objects.get(pk=world.member_a.pk))
        assert policy.view_level(fresh, household) == ViewLevel.METADATA


@pytest.mark.django_db
def test_emergency_access_needs_a_real_reason(world: World, household) -> None:
    with pytest.raises(ValidationError):
        emergency.emergency_access_grant(
            actor=Actor(user=world.member_a), household=household, reason="  nood "
        )
    assert not EmergencyAccess.objects.exists()


@pytest.mark.django_db
def test_emergency_access_without_reason_in_the_ui_changes_nothing(
    world: World, household, client_for
) -> None:
    response = client_for(world.member_a).post(
        reverse("privacy:emergency_request", args=[household.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    assert not EmergencyAccess.objects.exists()


@pytest.mark.django_db
def test_only_own_team_members_with_secrecy_may_break_the_glass(world: World, household) -> None:
    for persona in ("member_b", "civil_servant_a", "policy", "privacy_officer", "admin"):
        with pytest.raises(policy.AccessDenied):
            emergency.emergency_access_grant(
                actor=Actor(user=world.users[persona]), household=household, reason=REASON
            )


@pytest.mark.django_db
def test_leader_and_privacy_officer_review_until_acknowledged(
    world: World, household, client_for
) -> None:
    grant = emergency.emergency_access_grant(
        actor=Actor(user=world.member_a), household=household, reason=REASON
    )
    assert list(emergency.reviewable_by(world.leader_a)) == [grant]
    assert list(emergency.reviewable_by(world.privacy_officer)) == [grant]
    assert not emergency.reviewable_by(world.member_b).exists()
    page = (
        client_for(world.privacy_officer).get(reverse("privacy:emergency_review")).content.decode()
    )
    assert REASON in page
    client_for(world.leader_a).post(
        reverse("privacy:emergency_acknowledge", args=[grant.pk]), {"note": "besproken"}
    )
    grant.refresh_from_db()
    assert grant.acknowledged_by == world.leader_a
    assert not emergency.reviewable_by(world.privacy_officer).exists()


@pytest.mark.django_db
def test_protocol_settings_narrow_metadata_and_set_emergency_hours(
    world: World, household, client_for
) -> None:
    from wijkteam.privacy.models import ProtocolSettings

    ProtocolSettings.objects.create(
        municipality=world.municipality,
        leader_sees_caseload=False,
        uninvolved_members_see_metadata=True,
        emergency_access_hours=2,
    )
    assert policy.view_level(Actor(user=world.leader_a), household) == ViewLevel.NONE
    assert policy.view_level(Actor(user=world.member_a), household) == ViewLevel.METADATA
    grant = emergency.emergency_access_grant(
        actor=Actor(user=world.member_a), household=household, reason=REASON
    )
    assert grant.expires_at - grant.granted_at == __import__("datetime").timedelta(hours=2)
    page = (
        client_for(world.admin)
        .get(reverse("privacy:protocol", args=[world.municipality.pk]))
        .content.decode()
    )
    assert "2 uur" in page


@pytest.mark.django_db
def test_protocol_settings_stay_within_bounds(world: World, client_for) -> None:
    response = client_for(world.admin).post(
        reverse("privacy:protocol_settings"),
        {
            "leader_sees_caseload": "on",
            "uninvolved_members_see_metadata": "on",
            "emergency_access_hours": "48",
        },
    )
    assert response.status_code == 400
