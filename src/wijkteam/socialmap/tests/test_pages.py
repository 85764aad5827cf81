from __future__ import annotations

import datetime as dt

import time_machine

from wijkteam.socialmap import search
from wijkteam.socialmap.models import Service, ServiceToken
from wijkteam.socialmap.tests.factories import make_service


def test_stale_entries_are_flagged(world, client_for) -> None:  # type: ignore[no-untyped-def]
    # Later than the memberships' start (today), so the people are still active then.
    later = dt.date.today() + dt.timedelta(days=400)
    with time_machine.travel(later):
        fresh = make_service(
            world.municipality, "Geldloket", last_checked=later - dt.timedelta(days=360)
        )
        old = make_service(
            world.municipality, "Schuldhulp", last_checked=later - dt.timedelta(days=370)
        )
        assert not fresh.is_stale() and old.is_stale()
        page = client_for(world.member_a).get("/socialmap/").content.decode()
        assert page.count("langer dan een jaar niet gecontroleerd") == 1


def test_leader_creates_and_edits_a_service(world, client_for) -> None:  # type: ignore[no-untyped-def]
    provider = make_service(world.municipality, "Bestaand").provider
    client = client_for(world.leader_a)
    data = {
        "provider": provider.pk, "external_id": "n-1", "name": "Taalcafé", "service_type": "collective",
        "domains": ["community_participation"], "areas": [world.area_a.pk], "last_checked": "2026-01-01",
        "description": "Nederlands oefenen",
    }  # fmt: skip
    response = client.post("/socialmap/services/new/", data)
    service = Service.objects.get(external_id="n-1")
    assert response.status_code == 302
    assert service.owner is None and service.domains == ["community_participation"]
    assert ServiceToken.objects.filter(service=service, token=search.stem("taalcafe")).exists()
    data["min_age"], data["max_age"] = "30", "20"
    assert client.post(f"/socialmap/services/{service.pk}/edit/", data).status_code == 400
    assert (
        client_for(world.member_a).post(f"/socialmap/services/{service.pk}/edit/", data).status_code
        == 404
    )


def test_search_page_filters_and_htmx_fragment(world, client_for) -> None:  # type: ignore[no-untyped-def]
    make_service(world.municipality, "Schuldhulp", areas=[world.area_a])
    make_service(world.municipality, "Geldloket", description="schulden", areas=[world.area_b])
    client = client_for(world.member_a)
    page = client.get("/socialmap/", {"q": "schulden", "area": world.area_a.pk}).content.decode()
    assert "Schuldhulp" in page and "Geldloket" not in page
    partial = client.get(
        "/socialmap/", {"q": "schulden"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in partial and "Geldloket" in partial
    assert client.get("/socialmap/", {"age": "abc"}).status_code == 200
