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
from wijkteam.privacy.models import AccessLogEntry, EmergencyAccess, EmergencyAcknowledgement
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
    assert emergency.reviews_for(world.leader_a) == [emergency.Review(grant, "team_leader")]
    assert emergency.reviews_for(world.privacy_officer) == [
        emergency.Review(grant, "privacy_officer")
    ]
    assert emergency.reviews_for(world.member_b) == []
    page = (
        client_for(world.privacy_officer).get(reverse("privacy:emergency_review")).content.decode()
    )
    assert REASON in page
    client_for(world.leader_a).post(
        reverse("privacy:emergency_acknowledge", args=[grant.pk]),
        {"note": "besproken", "role": "team_leader"},
    )
    acknowledgement = EmergencyAcknowledgement.objects.get()
    assert (acknowledgement.grant, acknowledgement.reviewer) == (grant, world.leader_a)
    assert (acknowledgement.reviewer_role, acknowledgement.note) == ("team_leader", "besproken")
    assert emergency.reviews_for(world.leader_a) == []


@pytest.mark.django_db
def test_each_reviewer_acknowledges_separately(world: World, household, client_for) -> None:
    """The team leader's acknowledgement does not clear the grant for the privacy officer."""
    grant = emergency.emergency_access_grant(
        actor=Actor(user=world.member_a), household=household, reason=REASON
    )
    url = reverse("privacy:emergency_acknowledge", args=[grant.pk])
    leader, officer = client_for(world.leader_a), client_for(world.privacy_officer)
    # Nobody acknowledges in a role they do not hold for this grant.
    assert leader.post(url, {"role": "privacy_officer"}).status_code == 404
    assert leader.post(url, {"role": "team_leader"}).status_code == 302
    assert emergency.review_count(world.leader_a) == 0
    assert emergency.review_count(world.privacy_officer) == 1
    assert REASON in officer.get(reverse("privacy:emergency_review")).content.decode()
    # Acknowledged once per role: a second leader acknowledgement is refused.
    assert leader.post(url, {"role": "team_leader"}).status_code == 404
    assert officer.post(url, {"role": "privacy_officer", "note": "gezien"}).status_code == 302
    assert emergency.review_count(world.privacy_officer) == 0
    assert sorted(
        EmergencyAcknowledgement.objects.filter(grant=grant).values_list(
            "reviewer_role", "reviewer_id"
        )
    ) == [("privacy_officer", world.privacy_officer.pk), ("team_leader", world.leader_a.pk)]
    assert REASON not in officer.get(reverse("privacy:emergency_review")).content.decode()


@pytest.mark.django_db
def test_nobody_reviews_their_own_emergency_access(world: World, household) -> None:
    emergency.emergency_access_grant(
        actor=Actor(user=world.leader_a), household=household, reason=REASON
    )
    assert emergency.review_count(world.leader_a) == 0
    assert emergency.review_count(world.privacy_officer) == 1


@pytest.mark.django_db
def test_review_list_is_in_the_navigation_and_on_my_work_with_a_count(
    world: World, household, client_for
) -> None:
    emergency.emergency_access_grant(
        actor=Actor(user=world.member_a), household=household, reason=REASON
    )
    review_url = reverse("privacy:emergency_review")
    for persona in ("leader_a", "privacy_officer"):
        page = client_for(world.users[persona]).get(reverse("core:my_work")).content.decode()
        nav = page[page.index('data-testid="nav-emergency-reviews"') :].split("</a>")[0]
        assert "Noodtoegang (1 te beoordelen)" in nav, persona
        section = page[page.index('data-testid="my-work-emergency"') :].split("</section>")[0]
        assert "Wacht op jouw bevestiging: 1." in section and review_url in section, persona
    for persona in ("member_a", "civil_servant_a", "policy", "admin"):
        page = client_for(world.users[persona]).get(reverse("core:my_work")).content.decode()
        assert review_url not in page, persona


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
