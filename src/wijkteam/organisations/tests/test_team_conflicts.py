"""The team configuration is conflict-safe: two administrators never overwrite each other."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from wijkteam.core.conflicts import ConflictError, fingerprint
from wijkteam.organisations import services
from wijkteam.organisations.models import Area, Team
from wijkteam.organisations.views import _team_values
from wijkteam.privacy.policy import Actor


def _data(world: Any, **changes: Any) -> dict[str, Any]:
    team = world.team_a
    data = {
        "name": team.name,
        "areas": list(team.areas.all()),
        "organisation_model": team.organisation_model,
        "variant": team.variant,
        "is_active": team.is_active,
    }
    return {**data, **changes}


@pytest.mark.django_db
def test_team_save_with_a_stale_version_is_refused(world: Any) -> None:
    admin = Actor(user=world.admin)
    services.team_save(
        actor=admin,
        municipality=world.municipality,
        team=world.team_a,
        data=_data(world, variant="network"),
        lock_version=1,
    )
    with pytest.raises(ConflictError) as caught:
        services.team_save(
            actor=admin,
            municipality=world.municipality,
            team=world.team_a,
            data=_data(world, name="Wijkteam Noord"),
            lock_version=1,
        )
    assert caught.value.stamp.by == world.admin.get_full_name()
    team = Team.objects.get(pk=world.team_a.pk)
    assert (team.variant, team.name, team.lock_version) == ("network", world.team_a.name, 2)


@pytest.mark.django_db
def test_team_page_conflict_shows_both_versions(world: Any, client_for: Any) -> None:
    team = world.team_a
    url = reverse("organisations:team_edit", args=[team.pk])
    client = client_for(world.admin)
    assert 'name="lock_version" value="1"' in client.get(url).content.decode()
    base = {
        "name": team.name,
        "areas": [a.pk for a in team.areas.all()],
        "organisation_model": team.organisation_model,
        "variant": team.variant,
        "is_active": "on",
        "lock_version": 1,
        "rendered": fingerprint(_team_values(team)),
    }
    assert client.post(url, {**base, "variant": "network"}).status_code == 302
    stale = client.post(url, {**base, "name": "Wijkteam Noord"})
    assert stale.status_code == 409
    html = stale.content.decode()
    assert f"{world.admin.get_full_name()} heeft dit " in html and "gewijzigd: Variant." in html
    assert 'value="Wijkteam Noord"' in html
    assert Team.objects.get(pk=team.pk).name == team.name


@pytest.mark.django_db
def test_area_and_municipality_pages_are_conflict_safe(world: Any, client_for: Any) -> None:
    client = client_for(world.admin)
    area = world.area_a
    url = reverse("organisations:area_edit", args=[area.pk])
    assert 'name="lock_version" value="1"' in client.get(url).content.decode()
    base = {"name": area.name, "neighbourhoods": "", "inhabitants": 8000, "lock_version": 1}
    assert client.post(url, {**base, "inhabitants": 8250}).status_code == 302
    stale = client.post(url, {**base, "neighbourhoods": "Centrum"})
    assert stale.status_code == 409
    assert "8250" in stale.content.decode() and "Centrum" in stale.content.decode()
    assert Area.objects.get(pk=area.pk).neighbourhoods == ""

    url = reverse("organisations:municipality_edit")
    municipality = {"name": world.municipality.name, "cbs_code": "", "lock_version": 1}
    assert client.post(url, {**municipality, "cbs_code": "GM0392"}).status_code == 302
    assert client.post(url, {**municipality, "cbs_code": "GM0363"}).status_code == 409
    world.municipality.refresh_from_db()
    assert world.municipality.cbs_code == "GM0392"
