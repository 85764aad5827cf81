"""Civil servants see what the protocol says, no more (issue 12 point 3)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wijkteam.casework.selectors import household_file
from wijkteam.casework.tests.helpers import make_household
from wijkteam.conftest import World
from wijkteam.households.selectors import household_list_read, household_search
from wijkteam.privacy.models import ProtocolSettings
from wijkteam.privacy.policy import Actor

PHONE = "0612345678"


@pytest.fixture
def household(world: World):
    household = make_household(world, name="Familie Zoekmij")
    household.members.filter(first_name="Anna").update(phone=PHONE, email="anna@example.org")
    return household


def _bsn(household) -> str:
    return household.members.exclude(bsn="").values_list("bsn", flat=True).first()


@pytest.mark.django_db
def test_civil_servant_sees_name_bsn_and_help_but_no_contact_details(
    world: World, household, client_for
) -> None:
    file = household_file(actor=Actor(user=world.civil_servant_a), household_id=household.pk)
    anna = next(m for m in file.members if m.first_name == "Anna")
    assert anna.bsn == _bsn(household)
    assert (anna.date_of_birth, anna.phone, anna.email) == (None, "", "")
    page = client_for(world.civil_servant_a).get(
        reverse("casework:household_file", args=[household.pk])
    )
    html = page.content.decode()
    assert _bsn(household) in html and PHONE not in html
    assert "Geboortedatum" not in html and "Date of birth" not in html
    api = client_for(world.civil_servant_a).get(
        reverse("casework_api:household_detail", args=[household.pk])
    )
    assert PHONE not in api.content.decode() and "1980-05-01" not in api.content.decode()


@pytest.mark.django_db
def test_the_protocol_can_widen_it_to_contact_details(world: World, household) -> None:
    ProtocolSettings.objects.update_or_create(
        municipality=world.municipality, defaults={"civil_servants_see_contact_details": True}
    )
    file = household_file(actor=Actor(user=world.civil_servant_a), household_id=household.pk)
    anna = next(m for m in file.members if m.first_name == "Anna")
    assert anna.phone == PHONE and anna.date_of_birth is not None


@pytest.mark.django_db
def test_civil_servant_finds_a_household_by_search_not_by_browsing(world: World, household) -> None:
    actor = Actor(user=world.civil_servant_a)
    assert household_search(actor=actor, query="") == []
    assert household_list_read(actor=actor) == []
    # One or two letters match nearly every household: that is browsing, not a search.
    assert household_search(actor=actor, query="e") == []
    assert household_search(actor=actor, query="Zo") == []
    assert [h.pk for h in household_search(actor=actor, query="Zoekmij")] == [household.pk]
    assert [h.pk for h in household_search(actor=actor, query=_bsn(household))] == [household.pk]
    # Team members still browse their team's list.
    assert household.pk in [h.pk for h in household_search(actor=Actor(user=world.member_a))]
