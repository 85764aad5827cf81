import datetime as dt
import random
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from wijkteam.casework.tests.helpers import actor, make_household
from wijkteam.households.bsn import generate_test_bsn
from wijkteam.households.services import MemberInput, household_create, household_find_duplicates

RNG = random.Random(99)


def test_duplicate_on_bsn(world: Any) -> None:
    household = make_household(world)
    bsn = household.members.exclude(bsn="").get().bsn
    matches = household_find_duplicates(
        actor=actor(world.member_a), members=[MemberInput("Andere", "Naam", bsn=bsn)]
    )
    assert [(m.household_id, m.reason) for m in matches] == [(household.pk, "bsn")]


def test_duplicate_on_name_birth_and_address(world: Any) -> None:
    household = make_household(world)
    same = MemberInput("bram", "TESTERS", dt.date(1978, 3, 2))
    matches = household_find_duplicates(
        actor=actor(world.member_a),
        members=[same],
        street_address="dorpsstraat 1",
        postcode="1234 ab",
    )
    assert [(m.household_id, m.reason) for m in matches] == [(household.pk, "name_birth_address")]
    # Another address, or another date of birth: not a duplicate.
    assert not household_find_duplicates(
        actor=actor(world.member_a), members=[same], street_address="Kerkweg 2", postcode="1234AB"
    )
    other_birth = MemberInput("Bram", "Testers", dt.date(1978, 3, 3))
    assert not household_find_duplicates(
        actor=actor(world.member_a),
        members=[other_birth],
        street_address="Dorpsstraat 1",
        postcode="1234AB",
    )


def test_duplicates_of_another_team_are_not_revealed(world: Any) -> None:
    """Another team learns that the BSN is known in team A, nothing about who lives there."""
    household = make_household(world)
    bsn = household.members.exclude(bsn="").get().bsn
    [match] = household_find_duplicates(
        actor=actor(world.member_b), members=[MemberInput("X", "Y", bsn=bsn)]
    )
    assert (match.household_id, match.household_name, match.member_name) == (None, "", "")
    assert (match.team_name, match.disclosed) == ("Team A", False)


def test_invalid_bsn_and_future_birth_are_refused(world: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        household_create(
            actor=actor(world.member_a),
            team=world.team_a,
            name="Fout",
            members=[
                MemberInput("A", "B", dt.date.today() + dt.timedelta(days=2), bsn="123456789")
            ],
        )
    assert set(caught.value.message_dict) == {"bsn", "date_of_birth"}


def test_only_professionals_of_the_team_create_households(world: Any) -> None:
    from wijkteam.privacy.policy import AccessDenied

    for persona in ("civil_servant_a", "policy", "admin", "member_b"):
        with pytest.raises(AccessDenied):
            household_create(actor=actor(world.users[persona]), team=world.team_a, name="X")


def test_new_household_form_warns_before_creating_a_duplicate(world: Any, client_for: Any) -> None:
    existing = make_household(world)
    bsn = existing.members.exclude(bsn="").get().bsn
    client = client_for(world.member_a)
    data = {
        "name": "Familie Dubbel",
        "street_address": "Elders 5",
        "postcode": "",
        "city": "",
        "members-TOTAL_FORMS": "3",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "12",
        "members-0-first_name": "Dirk",
        "members-0-last_name": "Dubbel",
        "members-0-bsn": bsn,
    }
    from django.urls import reverse

    url = reverse("households:household_create")
    warned = client.post(url, data)
    assert warned.status_code == 400 and "Familie Testers" in warned.content.decode()
    from wijkteam.households.models import Household

    assert not Household.objects.filter(name="Familie Dubbel").exists()
    created = client.post(url, {**data, "confirm_duplicates": "on"})
    assert created.status_code == 302
    assert Household.objects.filter(name="Familie Dubbel").exists()


def test_new_household_form_rejects_invalid_bsn(world: Any, client_for: Any) -> None:
    from django.urls import reverse

    response = client_for(world.member_a).post(
        reverse("households:household_create"),
        {
            "name": "Familie Fout",
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "0",
            "members-MAX_NUM_FORMS": "12",
            "members-0-first_name": "Eva",
            "members-0-last_name": "Fout",
            "members-0-bsn": "123456789",
        },
    )
    assert response.status_code == 400
    assert "elfproef" in response.content.decode()  # the Dutch message
    valid = generate_test_bsn(RNG)
    assert valid.startswith("9")


def test_a_professional_in_two_teams_chooses_the_team(world: Any, client_for: Any) -> None:
    from django.urls import reverse

    from wijkteam.accounts.models import Membership, Role, SecrecyStatus
    from wijkteam.households.models import Household

    Membership.objects.create(
        user=world.member_a,
        municipality=world.municipality,
        team=world.team_b,
        role=Role.TEAM_MEMBER,
        secrecy_status=SecrecyStatus.PROFESSIONAL_SECRECY,
    )
    client = client_for(world.member_a)
    url = reverse("households:household_create")
    assert 'name="team"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "team": str(world.team_b.pk),
            "name": "Familie Oost",
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "0",
            "members-MAX_NUM_FORMS": "12",
            "members-0-first_name": "Olga",
            "members-0-last_name": "Oost",
        },
    )
    assert response.status_code == 302
    assert Household.objects.get(name="Familie Oost").team == world.team_b
    # Somebody in one team is not asked.
    assert 'name="team"' not in client_for(world.leader_a).get(url).content.decode()


def test_household_list_finds_visible_households_also_closed(world: Any, client_for: Any) -> None:
    from django.urls import reverse

    from wijkteam.casework import services
    from wijkteam.casework.tests.helpers import trajectory_of

    household = make_household(world)
    services.trajectory_close(
        actor=actor(world.member_a),
        trajectory=trajectory_of(household),
        reason="Klaar",
        frameworks=["wmo"],
    )
    url = reverse("households:household_list")
    page = client_for(world.member_a).get(url, {"q": "testers"}).content.decode()
    assert "Familie Testers" in page and "Afgesloten" in page
    assert (
        "Familie Testers"
        not in client_for(world.member_a).get(url, {"q": "niemand"}).content.decode()
    )
    assert "Familie Testers" not in client_for(world.member_b).get(url).content.decode()
    assert client_for(world.policy).get(url).status_code == 404


def test_member_details_can_be_corrected_with_the_same_checks(world: Any, client_for: Any) -> None:
    from django.urls import reverse

    household = make_household(world)
    member = household.members.get(first_name="Cleo")
    url = reverse("households:member_edit", args=[household.pk, member.pk])
    client = client_for(world.member_a)
    page = client.get(url).content.decode()
    assert 'value="Cleo"' in page
    bad = client.post(url, {"first_name": "Cleo", "last_name": "Testers", "bsn": "123456789"})
    assert bad.status_code == 400
    good = generate_test_bsn(RNG)
    assert (
        client.post(
            url,
            {"first_name": "Cleo", "last_name": "Testers-Jansen", "bsn": good, "lock_version": 1},
        ).status_code
        == 302
    )
    member.refresh_from_db()
    assert member.last_name == "Testers-Jansen" and member.bsn == good
    assert client_for(world.leader_a).get(url).status_code == 404


def test_network_person_can_be_removed(world: Any) -> None:
    from wijkteam.households.models import NetworkPerson
    from wijkteam.households.services import network_person_add, network_person_remove
    from wijkteam.privacy.policy import AccessDenied

    household = make_household(world)
    person = network_person_add(
        actor=actor(world.member_a), household=household, name="Oom Piet", relation_type="family"
    )
    with pytest.raises(AccessDenied):
        network_person_remove(actor=actor(world.leader_a), person=person)
    network_person_remove(actor=actor(world.member_a), person=person)
    assert not NetworkPerson.objects.filter(household=household).exists()
