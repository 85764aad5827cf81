from __future__ import annotations

from wijkteam.socialmap.tests.factories import make_service


def test_api_search_and_detail(world, client_for) -> None:  # type: ignore[no-untyped-def]
    make_service(
        world.municipality, "Schuldhulpverlening", service_type="tailored", domains=["finances"]
    )
    desk = make_service(world.municipality, "Geldloket", description="schuld", is_free=True)
    client = client_for(world.member_a)
    data = client.get("/api/v1/socialmap/services/", {"q": "schulden"}).json()
    assert data["total"] == 2 and [r["name"] for r in data["results"]] == [
        "Geldloket",
        "Schuldhulpverlening",
    ]
    assert (
        client.get("/api/v1/socialmap/services/", {"q": "schulden", "free": "true"}).json()["total"]
        == 1
    )
    detail = client.get(f"/api/v1/socialmap/services/{desk.pk}/").json()
    assert detail["provider"] == "Stichting Test" and detail["is_stale"] is False
    assert (
        client_for(world.other_admin).get(f"/api/v1/socialmap/services/{desk.pk}/").status_code
        == 404
    )


def test_api_bad_input_is_400(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.member_a)
    assert client.get("/api/v1/socialmap/services/", {"age": "old"}).status_code == 400
    assert client.get("/api/v1/socialmap/services/", {"domain": "nope"}).status_code == 400
    assert client.get("/api/v1/socialmap/services/", {"colour": "red"}).status_code == 400
    assert (
        client.get("/api/v1/socialmap/services/", {"area": world.area_a.pk + 999}).status_code
        == 400
    )


def test_api_expertise_and_schema(world, client_for) -> None:  # type: ignore[no-untyped-def]
    data = (
        client_for(world.leader_a)
        .get(f"/api/v1/socialmap/teams/{world.team_a.pk}/expertise/")
        .json()
    )
    assert len(data["uncovered"]) == 11
    schema = client_for(world.admin).get("/api/v1/schema/").content.decode()
    for path in ("/api/v1/socialmap/services/", "/api/v1/socialmap/providers/", "/expertise/"):
        assert path in schema
