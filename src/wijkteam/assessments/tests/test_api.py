"""The API: instruments, measurements per member (list/create), latest scores; bad input 400."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from wijkteam.assessments.models import Measurement
from wijkteam.assessments.shipped import ensure_shipped
from wijkteam.assessments.tests.helpers import first_member, make_household, zrm


def _url(member: Any, name: str = "measurement_list") -> str:
    return reverse(f"assessments_api:{name}", args=[member.pk])


def test_create_list_and_latest_scores(world: Any, client_for: Any) -> None:
    member = first_member(make_household(world))
    client = client_for(world.member_a)
    for day, value in (("2026-01-01", 2), ("2026-02-01", 4)):
        payload = {
            "instrument": zrm().pk,
            "measured_on": day,
            "scores": [{"domain": "finances", "value": value}],
        }
        response = client.post(_url(member), payload, content_type="application/json")
        assert response.status_code == 201, response.content
    listed = client.get(_url(member)).json()
    assert [m["measured_on"] for m in listed] == ["2026-02-01", "2026-01-01"]
    latest = client.get(_url(member, "latest_scores")).json()
    assert latest == [
        {"instrument": "zrm", "domain": "finances", "first": 2, "first_on": "2026-01-01", "latest": 4,
         "latest_on": "2026-02-01", "trend": "up", "mapped_from": ""}
    ]  # fmt: skip


def test_bad_input_gives_400_and_stores_nothing(world: Any, client_for: Any) -> None:
    member = first_member(make_household(world))
    client = client_for(world.member_a)
    bad = [
        {"instrument": zrm().pk, "scores": [{"domain": "finances", "value": 9}]},
        {"instrument": zrm().pk, "scores": [{"domain": "time_use", "value": 2}]},
        {
            "instrument": zrm().pk,
            "measured_on": "1970-01-01",
            "scores": [{"domain": "finances", "value": 2}],
        },
        {"instrument": 99999, "scores": [{"domain": "finances", "value": 2}]},
        {"instrument": zrm().pk, "scores": [{"domain": "finances", "value": 2}], "colour": "red"},
        {"instrument": zrm().pk, "scores": []},
        {"instrument": "zrm"},
    ]
    for payload in bad:
        response = client.post(_url(member), payload, content_type="application/json")
        assert response.status_code == 400, (payload, response.content)
    assert not Measurement.objects.exists()


def test_instruments_are_listed_with_domains_and_scale(world: Any, client_for: Any) -> None:
    ensure_shipped()
    data = client_for(world.policy).get(reverse("assessments_api:instrument_list")).json()
    by_version = {(i["code"], i["version"]): i for i in data}
    assert len(by_version[("zrm", "2013")]["domains"]) == 11
    assert len(by_version[("zrm", "2017")]["domains"]) == 13
    assert [lv["value"] for lv in by_version[("participation-ladder", "1")]["levels"]] == [
        1,
        2,
        3,
        4,
        5,
        6,
    ]


def test_endpoints_are_in_the_openapi_schema(world: Any, client_for: Any) -> None:
    schema = (
        client_for(world.member_a)
        .get(reverse("api:schema"), HTTP_ACCEPT="application/json")
        .content.decode()
    )
    assert "/api/v1/assessments/members/{member_id}/measurements/" in schema
    assert "/api/v1/assessments/instruments/" in schema
