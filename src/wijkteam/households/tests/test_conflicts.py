"""Member and household details are conflict-safe: a stale save is refused and explained."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from wijkteam.casework import services as casework
from wijkteam.casework.tests.helpers import actor, make_household, trajectory_of
from wijkteam.core.conflicts import ConflictError, fingerprint, values_of
from wijkteam.households import services
from wijkteam.households.models import Household, Member

MEMBER = {
    "first_name": "Cleo",
    "last_name": "Testers",
    "date_of_birth": "",
    "bsn": "",
    "phone": "",
    "email": "",
    "language": "",
}


def _involve_member_b(world: Any, household: Any) -> None:
    casework.involvement_add(
        actor=actor(world.member_a),
        trajectory=trajectory_of(household),
        user=world.member_b,
        role="Schuldhulp",
    )


def test_member_update_with_a_stale_version_is_refused(world: Any) -> None:
    household = make_household(world)
    member = household.members.get(first_name="Cleo")
    data = {"first_name": "Cleo", "last_name": "Testers"}
    services.member_update(
        actor=actor(world.member_a),
        member=member,
        data={**data, "phone": "0612345678"},
        lock_version=1,
    )
    with pytest.raises(ConflictError) as caught:
        services.member_update(
            actor=actor(world.member_a),
            member=member,
            data={**data, "language": "Arabisch"},
            lock_version=1,
        )
    assert caught.value.current.phone == "0612345678"
    assert caught.value.stamp.by == world.member_a.get_full_name()
    member.refresh_from_db()
    assert (member.phone, member.language, member.lock_version) == ("0612345678", "", 2)


def test_member_page_conflict_keeps_both_inputs(world: Any, client_for: Any) -> None:
    household = make_household(world)
    _involve_member_b(world, household)
    member = household.members.get(first_name="Cleo")
    url = reverse("households:member_edit", args=[household.pk, member.pk])
    assert 'name="lock_version" value="1"' in client_for(world.member_a).get(url).content.decode()
    rendered = fingerprint(values_of(member, services.MEMBER_FIELDS))
    base = {**MEMBER, "date_of_birth": member.date_of_birth.isoformat(), "rendered": rendered}
    first = client_for(world.member_b).post(url, {**base, "phone": "0612345678", "lock_version": 1})
    assert first.status_code == 302
    second = client_for(world.member_a).post(url, {**base, "language": "Pools", "lock_version": 1})
    assert second.status_code == 409
    html = second.content.decode()
    assert f"{world.member_b.get_full_name()} heeft dit " in html
    assert "gewijzigd: Telefoon." in html
    assert 'value="Pools"' in html and "0612345678" in html
    member.refresh_from_db()
    assert (member.phone, member.language) == ("0612345678", "")


def test_household_details_can_be_changed_once_per_version(world: Any, client_for: Any) -> None:
    household = make_household(world)
    _involve_member_b(world, household)
    url = reverse("households:household_edit", args=[household.pk])
    page = client_for(world.member_a).get(url)
    assert page.status_code == 200 and 'value="Dorpsstraat 1"' in page.content.decode()
    assert client_for(world.civil_servant_a).get(url).status_code == 404
    rendered = fingerprint(values_of(household, services.HOUSEHOLD_FIELDS))
    base = {
        "name": "Familie Testers",
        "street_address": "Dorpsstraat 1",
        "postcode": "1234AB",
        "city": "Teststad",
        "lock_version": 1,
        "rendered": rendered,
    }
    moved = client_for(world.member_b).post(url, {**base, "street_address": "Kerkplein 4"})
    assert moved.status_code == 302
    stale = client_for(world.member_a).post(url, {**base, "name": "Gezin Testers"})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "gewijzigd: Straat en huisnummer." in html
    assert 'value="Gezin Testers"' in html and "Kerkplein 4" in html
    household = Household.objects.get(pk=household.pk)
    assert (household.name, household.street_address) == ("Familie Testers", "Kerkplein 4")
    with pytest.raises(ConflictError):
        services.household_update(
            actor=actor(world.member_a), household=household, lock_version=1, name="X"
        )


def test_a_rectification_makes_a_new_member_version(world: Any) -> None:
    from wijkteam.privacy.rectification import member_rectify

    household = make_household(world)
    member = household.members.get(first_name="Cleo")
    member_rectify(
        actor=actor(world.member_a),
        member=member,
        changes={"last_name": "Testers-Jansen"},
        reason="Naam verkeerd gespeld in het eerste gesprek",
    )
    with pytest.raises(ConflictError):
        services.member_update(
            actor=actor(world.member_a),
            member=member,
            data={"first_name": "Cleo", "last_name": "Testers"},
            lock_version=1,
        )
    assert Member.objects.get(pk=member.pk).last_name == "Testers-Jansen"


def test_an_edit_without_its_version_is_refused_in_dutch(world: Any, client_for: Any) -> None:
    household = make_household(world)
    url = reverse("households:household_edit", args=[household.pk])
    response = client_for(world.member_a).post(url, {"name": "Gezin Testers"})
    assert response.status_code == 400
    assert "Het formulier was onvolledig" in response.content.decode()
    assert Household.objects.get(pk=household.pk).name == "Familie Testers"
