"""The configuration API is conflict-safe: GET sends the version (ETag), PATCH names it
(If-Match); a stale PATCH is 409 with who changed it and when, a PATCH without one 428."""

from __future__ import annotations

import pytest
from django.urls import reverse

from wijkteam.conftest import World
from wijkteam.organisations.models import Area, HomeOrganisation


@pytest.fixture
def admin(world: World, client_for):
    return client_for(world.admin)


def _patch(client, url: str, body: dict, **headers):
    return client.patch(url, body, content_type="application/json", headers=headers)


@pytest.mark.django_db
def test_get_sends_the_version_and_a_patch_with_it_goes_through(admin, world: World) -> None:
    url = reverse("api:area_detail", args=[world.area_a.pk])
    etag = admin.get(url)["ETag"]
    assert etag == f'"{world.area_a.lock_version}"'
    response = _patch(admin, url, {"inhabitants": 9100}, **{"If-Match": etag})
    assert response.status_code == 200
    assert response.json()["inhabitants"] == 9100
    assert response["ETag"] != etag
    world.area_a.refresh_from_db()
    assert world.area_a.inhabitants == 9100
    assert world.area_a.updated_by == world.admin


@pytest.mark.django_db
def test_a_stale_patch_is_409_naming_who_and_keeps_the_colleagues_save(admin, world: World) -> None:
    url = reverse("api:area_detail", args=[world.area_a.pk])
    etag = admin.get(url)["ETag"]
    assert _patch(admin, url, {"inhabitants": 9100}, **{"If-Match": etag}).status_code == 200
    stale = _patch(admin, url, {"inhabitants": 1}, **{"If-Match": etag, "Accept-Language": "nl"})
    assert stale.status_code == 409
    body = stale.json()
    assert world.admin.get_full_name() in body["detail"]
    assert "gewijzigd" in body["detail"]
    assert body["current"]["inhabitants"] == 9100
    assert stale["ETag"] == f'"{Area.objects.get(pk=world.area_a.pk).lock_version}"'
    assert Area.objects.get(pk=world.area_a.pk).inhabitants == 9100


@pytest.mark.django_db
def test_a_patch_without_if_match_is_428_and_changes_nothing(admin, world: World) -> None:
    url = reverse("api:home_organisation_detail", args=[world.home_org.pk])
    response = _patch(admin, url, {"name": "Andere naam"}, **{"Accept-Language": "nl"})
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]
    assert "opgeslagen" in response.json()["detail"]
    assert response["ETag"] == f'"{world.home_org.lock_version}"'
    assert HomeOrganisation.objects.get(pk=world.home_org.pk).name == world.home_org.name


def test_the_schema_documents_if_match_and_the_conflict_answers() -> None:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path in ("/api/v1/areas/{id}/", "/api/v1/home-organisations/{id}/"):
        patch = schema["paths"][path]["patch"]
        assert {"409", "428"} <= set(patch["responses"])
        assert any(p["name"] == "If-Match" and p["required"] for p in patch["parameters"])
