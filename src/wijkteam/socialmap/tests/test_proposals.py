"""Team members propose services; an editor approves or rejects (#15 point 11)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from wijkteam.privacy.policy import Actor
from wijkteam.socialmap import selectors
from wijkteam.socialmap.models import Service, ServiceStatus
from wijkteam.socialmap.tests.factories import make_service


def _propose(world: Any, client: Any, name: str = "Taalcafé De Brug") -> Service:
    provider = make_service(world.municipality, "Geldloket").provider
    response = client.post(
        reverse("socialmap:proposal_create"),
        {"provider": provider.pk, "name": name, "service_type": "general", "domains": ["finances"]},
    )
    assert response.status_code == 302
    return Service.all_objects.get(name=name)


@pytest.mark.django_db
def test_a_proposal_is_hidden_until_an_editor_approves_it(world: Any, client_for: Any) -> None:
    member = client_for(world.member_a)
    proposal = _propose(world, member)
    assert proposal.status == ServiceStatus.PROPOSED and proposal.external_id == ""
    # Not on the map: not in a colleague's search, not on its page, not in the API.
    colleague = client_for(world.member_b)
    assert "Taalcafé" not in colleague.get(reverse("socialmap:search")).content.decode()
    detail = reverse("socialmap:service_detail", args=[proposal.pk])
    assert colleague.get(detail).status_code == 404
    api = colleague.get(reverse("socialmap_api:service_list")).content.decode()
    assert "Taalcafé" not in api
    # The proposer sees its status.
    mine = member.get(reverse("socialmap:proposals")).content.decode()
    assert f'data-testid="mine-{proposal.pk}"' in mine and "Voorgesteld" in mine
    # The functional administrator approves: now everybody finds it.
    editor = client_for(world.admin)
    waiting = editor.get(reverse("socialmap:proposals")).content.decode()
    assert f'data-testid="proposal-{proposal.pk}"' in waiting
    review = reverse("socialmap:proposal_review", args=[proposal.pk])
    assert editor.post(review, {"decision": "approve"}).status_code == 302
    assert colleague.get(detail).status_code == 200
    result = selectors.service_search(
        actor=Actor(world.member_b), filters=selectors.SearchFilters(query="taalcafe")
    )
    assert [s.pk for s in result.services] == [proposal.pk]


@pytest.mark.django_db
def test_a_rejection_needs_a_note_the_proposer_reads(world: Any, client_for: Any) -> None:
    proposal = _propose(world, client_for(world.member_a))
    editor = client_for(world.leader_a)  # team leaders edit the map too
    review = reverse("socialmap:proposal_review", args=[proposal.pk])
    editor.post(review, {"decision": "reject", "note": ""})
    proposal.refresh_from_db()
    assert proposal.status == ServiceStatus.PROPOSED
    editor.post(review, {"decision": "reject", "note": "Bestaat al als Taalhuis"})
    proposal.refresh_from_db()
    assert proposal.status == ServiceStatus.REJECTED
    mine = client_for(world.member_a).get(reverse("socialmap:proposals")).content.decode()
    assert "Bestaat al als Taalhuis" in mine and "Afgewezen" in mine
    assert (
        client_for(world.member_b)
        .get(reverse("socialmap:service_detail", args=[proposal.pk]))
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_external_id_is_optional_for_an_editor(world: Any, client_for: Any) -> None:
    provider = make_service(world.municipality, "Geldloket").provider
    client = client_for(world.admin)
    for name in ("Fietsmaatjes", "Klussendienst"):  # two without an id do not collide
        response = client.post(
            reverse("socialmap:service_create"),
            {
                "provider": provider.pk,
                "external_id": "",
                "name": name,
                "service_type": "general",
                "last_checked": "2026-01-01",
            },
        )
        assert response.status_code == 302, response.content.decode()[-2000:]
    assert Service.objects.filter(external_id="").count() == 2
