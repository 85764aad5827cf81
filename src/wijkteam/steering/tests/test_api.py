"""Indicator API: list with definitions, one indicator as JSON and CSV, Dutch 400s."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from wijkteam.steering.indicators import indicators_for

pytestmark = pytest.mark.django_db


def test_list_names_every_policy_indicator_with_its_definition(world: Any, client_for: Any) -> None:
    response = client_for(world.policy).get(reverse("steering_api:indicators"))
    assert response.status_code == 200
    data = response.json()
    assert [item["key"] for item in data] == [s.key for s in indicators_for("policy")]
    assert "caseload_per_coordinator" not in {item["key"] for item in data}
    first = data[0]
    assert first["definition"]["version"] == 1 and first["definition"]["counted"]
    assert first["history"][-1] == first["definition"]


def test_one_indicator_as_json_and_csv(world: Any, client_for: Any) -> None:
    client = client_for(world.policy)
    url = reverse("steering_api:indicator", kwargs={"key": "signals_by_partner_kind"})
    data = client.get(url, {"period": "2026-Q2"}).json()
    assert data["key"] == "signals_by_partner_kind"
    assert data["selection"]["period"] == "2026-Q2"
    for row in [*data["rows"], data["total"]]:
        for cell in row["cells"]:
            assert (cell["value"] is None) == cell["suppressed"]
    response = client.get(url, {"period": "2026-Q2"}, HTTP_ACCEPT="text/csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].split(";")[0] == data["title"]
    assert client.get(url, {"format": "csv"})["Content-Type"].startswith("text/csv")


def test_bad_parameters_get_a_dutch_400_naming_them(world: Any, client_for: Any) -> None:
    url = reverse("steering_api:indicator", kwargs={"key": "new_households"})
    response = client_for(world.policy).get(
        url, {"period": "volgende week", "area": "x", "framework": "bijstand"}
    )
    assert response.status_code == 400
    data = response.json()
    assert data["detail"]
    assert "Kies een periode" in data["period"][0]
    assert set(data) >= {"period", "area", "framework"}


def test_leader_only_indicator_is_404_in_the_api(world: Any, client_for: Any) -> None:
    url = reverse("steering_api:indicator", kwargs={"key": "caseload_per_coordinator"})
    assert client_for(world.policy).get(url).status_code == 404


def test_team_outside_the_area_is_a_400(world: Any, client_for: Any) -> None:
    url = reverse("steering_api:indicator", kwargs={"key": "new_households"})
    response = client_for(world.policy).get(url, {"team": world.team_b.pk, "area": world.area_a.pk})
    assert response.status_code == 400
    assert "werkt niet in dat gebied" in response.json()["area"][0]


def test_a_choice_without_registrations_is_an_empty_table(world: Any, client_for: Any) -> None:
    url = reverse("steering_api:indicator", kwargs={"key": "new_households"})
    data = client_for(world.policy).get(url, {"framework": "wmo"}).json()
    assert data["rows"] == [] and data["total"] is None
    assert data["selection"]["framework"] == "wmo"


def test_refused_caller_gets_404_even_with_bad_parameters(world: Any, client_for: Any) -> None:
    url = reverse("steering_api:indicator", kwargs={"key": "new_households"})
    assert client_for(world.member_a).get(url, {"period": "x"}).status_code == 404
