from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from wijkteam.casework.tests.helpers import make_household, make_plan
from wijkteam.privacy.models import AccessLogEntry
from wijkteam.privacy.policy import AccessDenied, Actor
from wijkteam.socialmap import referrals
from wijkteam.socialmap.models import Referral, ReferralStatus
from wijkteam.socialmap.tests.factories import give_consent, make_service


@pytest.fixture
def setup(world):  # type: ignore[no-untyped-def]
    household = make_household(world)
    plan = make_plan(world, household, actions=0)
    service = make_service(world.municipality, "Schuldhulpverlening", service_type="tailored")
    give_consent(world, household, service.provider.name)
    return plan.solutions.first(), service


def test_referral_without_consent_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    household = make_household(world)
    solution = make_plan(world, household, actions=0).solutions.first()
    service = make_service(world.municipality, "Schuldhulpverlening", service_type="tailored")
    give_consent(world, household, "Een andere organisatie")
    with pytest.raises(ValidationError):
        referrals.referral_create(actor=Actor(world.member_a), solution=solution, service=service)
    assert not Referral.objects.exists()


def test_create_checks_consent_and_logs(world, setup) -> None:  # type: ignore[no-untyped-def]
    solution, service = setup
    before = AccessLogEntry.objects.count()
    referral = referrals.referral_create(
        actor=Actor(world.member_a), solution=solution, service=service
    )
    assert referral.status == ReferralStatus.PROPOSED and referral.provider == service.provider
    assert referral.consent_status == "given"
    assert (
        AccessLogEntry.objects.filter(object_type="socialmap.referral", event="create").count() == 1
    )
    assert AccessLogEntry.objects.count() == before + 1


def test_advance_follows_allowed_transitions(world, setup) -> None:  # type: ignore[no-untyped-def]
    solution, service = setup
    actor = Actor(world.member_a)
    referral = referrals.referral_create(actor=actor, solution=solution, service=service)
    with pytest.raises(ValidationError):
        referrals.referral_advance(actor=actor, referral=referral, to_status=ReferralStatus.STARTED)
    for step in (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.STARTED):
        referrals.referral_advance(actor=actor, referral=referral, to_status=step)
    referrals.referral_advance(
        actor=actor, referral=referral, to_status=ReferralStatus.ENDED, outcome="Regeling getroffen"
    )
    referral.refresh_from_db()
    assert (
        referral.status == ReferralStatus.ENDED
        and referral.ended_on
        and referral.outcome == "Regeling getroffen"
    )
    with pytest.raises(ValidationError):
        referrals.referral_advance(actor=actor, referral=referral, to_status=ReferralStatus.REFUSED)


@pytest.mark.parametrize(
    "persona", ["leader_a", "member_b", "civil_servant_a", "admin", "privacy_officer"]
)
def test_others_may_not_refer_or_read(world, setup, persona: str) -> None:  # type: ignore[no-untyped-def]
    solution, service = setup
    with pytest.raises(AccessDenied):
        referrals.referral_create(
            actor=Actor(world.users[persona]), solution=solution, service=service
        )
    referral = referrals.referral_create(
        actor=Actor(world.member_a), solution=solution, service=service
    )
    with pytest.raises(AccessDenied):
        referrals.referral_get(actor=Actor(world.users[persona]), referral_id=referral.pk)


def test_service_of_other_municipality_is_refused(world, setup) -> None:  # type: ignore[no-untyped-def]
    solution, _service = setup
    elsewhere = make_service(world.other_municipality, "Elders")
    with pytest.raises(ValidationError):
        referrals.referral_create(actor=Actor(world.member_a), solution=solution, service=elsewhere)


def test_referral_pages(world, setup, client_for) -> None:  # type: ignore[no-untyped-def]
    solution, service = setup
    client = client_for(world.member_a)
    fragment = client.get(
        "/socialmap/fragment/", {"q": "schulden", "solution": solution.pk}
    ).content.decode()
    assert f"/socialmap/solutions/{solution.pk}/refer/?service={service.pk}" in fragment
    response = client.post(
        f"/socialmap/solutions/{solution.pk}/refer/",
        {"service": service.pk, "recipient": "Team schulden"},
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert (
        client.post(f"/socialmap/referrals/{referral.pk}/", {"status": "sent"}).status_code == 302
    )
    assert (
        client.post(f"/socialmap/referrals/{referral.pk}/", {"status": "ended"}).status_code == 400
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    assert client_for(world.leader_a).get(f"/socialmap/referrals/{referral.pk}/").status_code == 404
