from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from wijkteam.conftest import World
from wijkteam.organisations.models import Area


@pytest.fixture
def admin(world: World, client_for):
    return client_for(world.admin)


@pytest.mark.django_db
def test_malformed_json_gets_400_with_message(admin) -> None:
    response = admin.post(reverse("api:area_list"), "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


@pytest.mark.django_db
def test_unknown_fields_are_refused(admin) -> None:
    response = admin.post(
        reverse("api:area_list"),
        {"name": "Nieuwbouw", "inhabitants": 100, "inhabitans": 5},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "inhabitans" in response.json()
    assert not Area.objects.filter(name="Nieuwbouw").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("value", [-1, "veel", 3_000_000, 1.5, None, [], {}])
def test_invalid_inhabitant_counts_get_400(admin, value) -> None:
    response = admin.post(
        reverse("api:area_list"),
        {"name": "Nieuwbouw", "inhabitants": value},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "inhabitants" in response.json()
    assert not Area.objects.filter(name="Nieuwbouw").exists()


@pytest.mark.django_db
def test_valid_area_is_created_and_patch_validates(admin, world: World) -> None:
    created = admin.post(
        reverse("api:area_list"),
        {"name": "Nieuwbouw", "inhabitants": 4200},
        content_type="application/json",
    )
    assert created.status_code == 201
    url = reverse("api:area_detail", args=[created.json()["id"]])
    assert admin.patch(url, {"inhabitants": -5}, content_type="application/json").status_code == 400
    version = {"If-Match": admin.get(url)["ETag"]}
    changed = admin.patch(
        url, {"inhabitants": 4300}, content_type="application/json", headers=version
    )
    assert changed.json()["inhabitants"] == 4300


@pytest.mark.django_db
def test_non_object_body_gets_400(admin) -> None:
    response = admin.post(
        reverse("api:area_list"), json.dumps([1, 2]), content_type="application/json"
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_oversize_payload_is_refused_with_message(admin, settings) -> None:
    settings.MAX_REQUEST_BYTES = 1000
    response = admin.post(
        reverse("api:area_list"),
        {"name": "x" * 5000, "inhabitants": 1},
        content_type="application/json",
    )
    assert response.status_code == 413
    assert "te groot" in response.json()["detail"]


@pytest.mark.django_db
def test_non_admin_cannot_create_area(world: World, client_for) -> None:
    response = client_for(world.member_a).post(
        reverse("api:area_list"), {"name": "X", "inhabitants": 1}, content_type="application/json"
    )
    assert response.status_code == 404
    assert not Area.objects.filter(name="X").exists()


@pytest.mark.django_db
def test_ui_area_form_gives_dutch_message_for_bad_inhabitants(admin) -> None:
    response = admin.post(
        reverse("organisations:area_create"), {"name": "Nieuwbouw", "inhabitants": "veel"}
    )
    assert response.status_code == 400
    assert "heel getal" in response.content.decode()
    assert not Area.objects.filter(name="Nieuwbouw").exists()


@pytest.mark.django_db
def test_openapi_schema_lists_the_endpoints(admin) -> None:
    schema = admin.get(reverse("api:schema"), HTTP_ACCEPT="application/json").content.decode()
    for path in ("/api/v1/me/", "/api/v1/teams/{team_id}/", "/api/v1/areas/"):
        assert path in schema


@pytest.mark.django_db
def test_token_authentication_works_and_expires(world: World, client_for) -> None:
    import time_machine
    from django.test import Client

    page = client_for(world.member_a).post(reverse("accounts:api_token"))
    token = page.context["token"]
    api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(reverse("api:me")).json()["username"] == "member_a"
    from django.utils import timezone

    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        assert api.get(reverse("api:me")).status_code == 401


def test_openapi_schema_generates_without_warnings() -> None:
    """A clean schema: every authenticator described, no enum or operation-id collisions."""
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert schema["paths"]
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache


def test_a_key_beyond_any_column_range_is_not_found_not_a_server_error(
    world: World, client_for
) -> None:
    """Found by the API fuzzer: a household id larger than a 64-bit key reached the compiled
    household read (core/compiled.py) and gave a 500; it finds nothing, as any unknown id."""
    member = client_for(world.member_a)
    far = 14194600122102457045090304
    assert member.get(f"/api/v1/households/{far}/").status_code == 404
    answer = member.post(
        f"/api/v1/households/{far}/plan/actions/",
        data={"text": "Bellen", "owner_kind": "team_member", "plan_version": 1},
        content_type="application/json",
    )
    assert answer.status_code == 404
    assert member.get(f"/households/{far}/").status_code == 404
