"""The households API: the list of households I may see, and registering one."""

from typing import Any

from django.urls import reverse

from wijkteam.casework.tests.helpers import make_household


def test_household_list_only_visible(world: Any, client_for: Any) -> None:
    household = make_household(world)
    url = reverse("households_api:household_list")
    assert [h["id"] for h in client_for(world.leader_a).get(url).json()] == [household.pk]
    assert client_for(world.member_b).get(url).json() == []


def _new_household_body(world: Any, bsn: str, **extra: Any) -> dict[str, Any]:
    return {
        "team": world.team_a.pk,
        "name": "Familie Api",
        "street_address": "Plein 9",
        "members": [
            {"first_name": "Pim", "last_name": "Api", "date_of_birth": "1990-01-01", "bsn": bsn}
        ],
        **extra,
    }


def test_create_household_via_api_warns_for_duplicates(world: Any, client_for: Any) -> None:
    from wijkteam.households.bsn import generate_test_bsn
    from wijkteam.households.models import Household

    existing = make_household(world)
    known = existing.members.exclude(bsn="").get().bsn
    client = client_for(world.member_a)
    url = reverse("households_api:household_list")
    fresh = client.post(
        url, _new_household_body(world, generate_test_bsn()), content_type="application/json"
    )
    assert fresh.status_code == 201 and fresh.json()["phase"] == "analysis"
    duplicate = client.post(url, _new_household_body(world, known), content_type="application/json")
    assert duplicate.status_code == 409
    found = {(d["household_id"], d["reason"]) for d in duplicate.json()["duplicates"]}
    # The BSN matches the existing household; name, birth date and address the one just made.
    assert found == {(existing.pk, "bsn"), (fresh.json()["id"], "name_birth_address")}
    confirmed = client.post(
        url,
        _new_household_body(world, known, confirm_duplicates=True),
        content_type="application/json",
    )
    assert confirmed.status_code == 201
    assert Household.objects.filter(name="Familie Api").count() == 2
    # Same person without BSN at another address: no warning.
    elsewhere = {**_new_household_body(world, ""), "street_address": "Elders 1"}
    assert client.post(url, elsewhere, content_type="application/json").status_code == 201
    invalid = client.post(
        url, _new_household_body(world, "123456789"), content_type="application/json"
    )
    assert invalid.status_code == 400 and "bsn" in invalid.json()
    other_team = client.post(
        url,
        {**_new_household_body(world, ""), "team": world.team_b.pk},
        content_type="application/json",
    )
    assert other_team.status_code == 404
    civil = client_for(world.civil_servant_a).post(
        url, _new_household_body(world, ""), content_type="application/json"
    )
    assert civil.status_code == 404
