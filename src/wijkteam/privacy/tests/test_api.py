from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from wijkteam.casework.tests.helpers import make_household
from wijkteam.conftest import World
from wijkteam.privacy.models import Consent, EmergencyAccess


@pytest.mark.django_db
def test_consent_api_records_validates_and_withdraws(world: World, client_for) -> None:
    household = make_household(world)
    member = household.members.first()
    client = client_for(world.member_a)
    url = reverse("privacy_api:consent_list", args=[household.pk])
    good = {
        "member": member.pk,
        "purpose": "Schuldhulp",
        "recipients": ["Schuldhulp Samen"],
        "data_categories": ["finances"],
        "given_by": "resident",
        "form": "verbal",
        "given_on": dt.date.today().isoformat(),
    }
    for bad in (
        {**good, "colour": "blue"},
        {**good, "data_categories": ["dna"]},
        {**good, "given_on": "2999-01-01"},
        {**good, "member": 999999},
    ):
        response = client.post(url, bad, content_type="application/json")
        assert response.status_code == 400, bad
    assert client.post(url, "{nope", content_type="application/json").status_code == 400
    assert not Consent.objects.exists()
    created = client.post(url, good, content_type="application/json")
    assert created.status_code == 201
    assert client.get(url).json()[0]["recipients"] == ["Schuldhulp Samen"]
    withdrawn = client.post(
        reverse("privacy_api:consent_withdraw", args=[household.pk, created.json()["id"]])
    )
    assert withdrawn.json()["withdrawn_on"] == dt.date.today().isoformat()
    assert client_for(world.civil_servant_a).get(url).status_code == 404


@pytest.mark.django_db
def test_emergency_access_api(world: World, client_for) -> None:
    from wijkteam.accounts.models import Role
    from wijkteam.conftest import make_person

    household = make_household(world)
    colleague = make_person(
        "colleague_a", municipality=world.municipality, role=Role.TEAM_MEMBER, team=world.team_a
    )
    url = reverse("privacy_api:emergency_access", args=[household.pk])
    client = client_for(colleague)
    assert client.post(url, {}, content_type="application/json").status_code == 400
    response = client.post(
        url,
        {"reason": "Acute zorgen, regisseur onbereikbaar vandaag."},
        content_type="application/json",
    )
    assert response.status_code == 201 and EmergencyAccess.objects.count() == 1
    assert (
        client_for(world.member_b)
        .post(url, {"reason": "x" * 30}, content_type="application/json")
        .status_code
        == 404
    )
