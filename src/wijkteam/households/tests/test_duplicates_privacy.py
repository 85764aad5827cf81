"""#12 point 4: no name behind a BSN for people who may not know it.

The duplicate check searches the whole municipality (so nobody registers a resident a second
time in another team), but to a person whose level on the found household is metadata only
(an uninvolved team leader) or none (a member of another team) it says only that a household
exists in team X, never the household's or the resident's name, nor its id.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from wijkteam.casework.tests.helpers import actor, make_household
from wijkteam.conftest import World
from wijkteam.households.models import Household
from wijkteam.households.services import MemberInput, household_find_duplicates
from wijkteam.privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db

NOTICE = "Er is al een huishouden met dit BSN bij Team A; vraag het aan de regisseur daarvan."


def _known(world: World) -> tuple[Household, str]:
    household = make_household(world)  # "Familie Testers", coordinated by member_a in team A
    return household, household.members.exclude(bsn="").get().bsn


def _form(bsn: str) -> dict[str, str]:
    return {
        "name": "Familie Nieuw",
        "street_address": "Elders 5",
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "12",
        "members-0-first_name": "Dirk",
        "members-0-last_name": "Nieuw",
        "members-0-bsn": bsn,
    }


@pytest.mark.parametrize("persona", ["member_b", "leader_a"])
def test_the_form_names_only_the_team_to_who_may_not_see_the_residents(
    world: World, client_for: Any, persona: str
) -> None:
    household, bsn = _known(world)
    response = client_for(world.users[persona]).post(
        reverse("households:household_create"), _form(bsn)
    )
    page = response.content.decode()
    assert response.status_code == 400 and NOTICE in page
    for secret in ("Familie Testers", "Anna", "Dorpsstraat", f"/households/{household.pk}/"):
        assert secret not in page, (persona, secret)
    assert not Household.objects.filter(name="Familie Nieuw").exists()
    entry = AccessLogEntry.objects.get(object_type="households.household.duplicates")
    assert entry.actor_role in ("team_member", "team_leader")  # the real role, not "unknown"


def test_the_involved_professional_still_sees_the_household(world: World, client_for: Any) -> None:
    _household, bsn = _known(world)
    page = client_for(world.member_a).post(reverse("households:household_create"), _form(bsn))
    text = page.content.decode()
    assert "Familie Testers" in text and "Anna Testers" in text and NOTICE not in text


def test_the_api_names_only_the_team_to_a_member_of_another_team(
    world: World, client_for: Any
) -> None:
    _household, bsn = _known(world)
    response = client_for(world.member_b).post(
        reverse("households_api:household_list"),
        {
            "team": world.team_b.pk,
            "name": "Familie Nieuw",
            "members": [{"first_name": "Dirk", "last_name": "Nieuw", "bsn": bsn}],
        },
        content_type="application/json",
    )
    assert response.status_code == 409
    [match] = response.json()["duplicates"]
    assert match == {
        "household_id": None,
        "household_name": "",
        "member_name": "",
        "reason": "bsn",
        "team": "Team A",
        "disclosed": False,
        "notice": NOTICE,
    }
    assert "Testers" not in response.content.decode()


def test_name_birth_and_address_matches_are_masked_too(world: World) -> None:
    _known(world)
    [match] = household_find_duplicates(
        actor=actor(world.member_b),
        members=[MemberInput("Bram", "Testers", dt.date(1978, 3, 2))],
        street_address="Dorpsstraat 1",
        postcode="1234 AB",
    )
    assert (match.disclosed, match.household_name, match.member_name) == (False, "", "")
    assert "Team A" in match.notice


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("bsn", NOTICE),
        ("Dorpsstraat 1", "Er is al een huishouden op dit adres bij Team A"),
    ],
)
def test_searching_by_bsn_or_address_names_only_the_team_to_a_metadata_reader(
    world: World, client_for: Any, query: str, notice: str
) -> None:
    household, bsn = _known(world)
    query = bsn if query == "bsn" else query
    url = reverse("households:household_list")
    page = client_for(world.leader_a).get(url, {"q": query}).content.decode()
    assert notice in page
    assert "Familie Testers" not in page and f"/households/{household.pk}/" not in page
    involved = client_for(world.member_a).get(url, {"q": query}).content.decode()
    assert "Familie Testers" in involved and notice not in involved
    # A member of another team finds nothing of team A.
    other = client_for(world.member_b).get(url, {"q": query}).content.decode()
    assert "Familie Testers" not in other and notice not in other


def test_the_signal_link_search_by_address_names_only_the_team(
    world: World, client_for: Any
) -> None:
    from wijkteam.intake.tests.factories import make_signal

    _known(world)
    signal = make_signal(world.team_a, world.member_a)
    url = reverse("intake:signal_link", args=[signal.pk])
    page = client_for(world.leader_a).get(url, {"q": "Dorpsstraat 1"}).content.decode()
    assert "Er is al een huishouden op dit adres bij Team A" in page
    assert "Familie Testers" not in page
    involved = client_for(world.member_a).get(url, {"q": "Dorpsstraat 1"}).content.decode()
    assert "Familie Testers" in involved
