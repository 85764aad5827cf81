"""Consent recipients come from the social map (#15 point 11): a provider is chosen, not
typed to match; the referral page links to the consent page when consent is missing."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from wijkteam.casework.tests.helpers import make_household, make_plan
from wijkteam.privacy.consent import consent_for
from wijkteam.privacy.models import Consent
from wijkteam.socialmap.models import Provider, Referral
from wijkteam.socialmap.tests.factories import give_consent, make_service


def _post(household: Any, **fields: Any) -> dict[str, Any]:
    data = {
        "member": household.members.order_by("pk").first().pk,
        "purpose": "Doorverwijzing schulden",
        "data_categories": ["identity", "finances"],
        "given_by": "resident",
        "form": "verbal",
        "given_on": timezone.localdate().isoformat(),
        "recipients": "",
    }
    return {**data, **fields}


@pytest.mark.django_db
def test_consent_names_a_provider_chosen_from_the_social_map(world: Any, client_for: Any) -> None:
    household = make_household(world)
    service = make_service(world.municipality, "Budgetcoach", provider="Schuldhulp Midden")
    Provider.objects.create(municipality=world.other_municipality, name="Elders BV")
    url = reverse("privacy:consent_list", args=[household.pk])
    client = client_for(world.member_a)
    page = client.get(url).content.decode()
    assert "Schuldhulp Midden" in page and "Elders BV" not in page  # own municipality only
    response = client.post(
        url, _post(household, recipient_providers=[service.provider.pk], recipients="Buurtkerk")
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert list(consent.recipient_providers.all()) == [service.provider]
    assert consent.recipients == "Buurtkerk"
    # The provider is found by its link, also after it was renamed on the map.
    Provider.objects.filter(pk=service.provider.pk).update(name="Schuldhulp Midden-Holland")
    renamed = Provider.objects.get(pk=service.provider.pk)
    assert consent_for(household=household, recipient=renamed).allowed
    assert consent_for(household=household, recipient="Buurtkerk").allowed


@pytest.mark.django_db
def test_consent_without_any_recipient_is_refused_in_dutch(world: Any, client_for: Any) -> None:
    household = make_household(world)
    url = reverse("privacy:consent_list", args=[household.pk])
    response = client_for(world.member_a).post(url, _post(household))
    assert response.status_code == 400
    assert "Kies minstens één organisatie" in response.content.decode()
    assert not Consent.objects.exists()


@pytest.mark.django_db
def test_a_typed_provider_name_is_linked_to_the_provider(world: Any) -> None:
    household = make_household(world)
    service = make_service(world.municipality, "Budgetcoach", provider="Schuldhulp Midden")
    consent = give_consent(world, household, "schuldhulp midden")  # as the API sends names
    assert list(consent.recipient_providers.all()) == [service.provider]  # type: ignore[attr-defined]
    assert consent.recipients == ""  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_referral_without_consent_links_to_the_consent_page(world: Any, client_for: Any) -> None:
    household = make_household(world)
    solution = make_plan(world, household, actions=0).solutions.first()
    service = make_service(world.municipality, "Budgetcoach")
    url = reverse("socialmap:referral_create", args=[solution.pk])
    response = client_for(world.member_a).post(url, {"service": service.pk})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="consent-missing"' in html
    assert reverse("privacy:consent_list", args=[household.pk]) in html
    assert not Referral.objects.exists()
