"""Every API list pages the same way (NL GOV API Design Rules, pagination module): ``cursor``
and ``limit``, a ``Link`` header to the next and previous page, documented on every list; a
list longer than a page is complete over its pages, and a cursor that is not ours is a Dutch
400 problem."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from wijkteam.accounts.models import User
from wijkteam.api.errors import PROBLEM_CONTENT_TYPE
from wijkteam.casework.tests.helpers import make_household
from wijkteam.conftest import World
from wijkteam.privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<([^>]+)>; rel="(next|prev)"')
# The one GET without a path parameter that answers one object, not a list.
NOT_A_LIST = {"/api/v1/me/"}
MESSAGES = {
    "cursor": "Deze cursor klopt niet. Laat hem weg voor de eerste pagina, of volg de link "
    'rel="next" of rel="prev" van het vorige antwoord.',
    "limit": "Geef een heel getal van 1 tot en met 200.",
}


def _links(response: Any) -> dict[str, str]:
    return {rel: url for url, rel in LINK.findall(response.get("Link", ""))}


def _all_pages(client: Client, url: str) -> tuple[list[Any], list[Any]]:
    """Every row over the pages, following rel="next" from ``url``; and the answers."""
    rows: list[Any] = []
    answers = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]
        answers.append(response)
        rows.extend(response.json())
        url = _links(response).get("next", "")
        assert len(answers) < 20
    return rows, answers


def test_every_list_documents_its_paging(
    world: World, client_for: Callable[[User], Client]
) -> None:
    document = client_for(world.member_a).get("/api/v1/schema/", {"format": "json"}).json()
    lists = []
    for path, item in document["paths"].items():
        operation = item.get("get")
        if operation is None or path in NOT_A_LIST:
            continue
        ok = operation["responses"]["200"]
        schema = ok["content"]["application/json"]["schema"]
        if "{" in path and schema.get("type") != "array":
            continue  # one object (a household file, a team)
        lists.append(path)
        query = {p["name"]: p for p in operation["parameters"] if p["in"] == "query"}
        assert {"cursor", "limit"} <= set(query), path
        assert query["limit"]["schema"]["maximum"] == 200, path
        assert "pattern" in query["cursor"]["schema"], path
        assert ok["headers"]["Link"] == {"$ref": "#/components/headers/Link"}, path
    assert "Link" in document["components"]["headers"]
    # The lists the API has today (a new list is caught by the walk above all the same).
    assert {
        "/api/v1/households/",
        "/api/v1/households/{household_id}/notes/",
        "/api/v1/signals/",
        "/api/v1/teams/",
        "/api/v1/access-log/",
        "/api/v1/socialmap/services/",
    } <= set(lists)
    assert len(lists) >= 16


def test_a_list_longer_than_a_page_is_complete_over_its_pages_and_logged_per_page(
    world: World, client_for: Callable[[User], Client]
) -> None:
    made = [make_household(world, name=f"Familie Pagina {n}").pk for n in range(5)]
    client = client_for(world.member_a)
    before = AccessLogEntry.objects.count()
    rows, answers = _all_pages(client, "/api/v1/households/?limit=2")
    ids = [row["id"] for row in rows]
    assert len(answers) == 3 and [len(a.json()) for a in answers] == [2, 2, 1]
    assert sorted(ids) == sorted(made) and len(set(ids)) == len(ids)
    # Back from the last page: the middle page again.
    back = client.get(_links(answers[2])["prev"])
    assert back.json() == answers[1].json()
    assert "prev" not in _links(answers[0]) and "next" not in _links(answers[2])
    # One list-read row per page, naming exactly the households of that page.
    logged = AccessLogEntry.objects.order_by("pk")[before:]
    pages = [r.object_ids for r in logged if r.object_type == "households.household.list"]
    assert pages == [",".join(str(row["id"]) for row in a.json()) for a in [*answers, back]]


def test_a_newest_first_list_pages_by_key_and_a_new_row_shifts_nothing(
    world: World, client_for: Callable[[User], Client]
) -> None:
    household = make_household(world)
    client = client_for(world.member_a)
    url = f"/api/v1/households/{household.pk}/notes/"
    for n in range(3):
        response = client.post(url, {"text": f"Notitie {n}"}, content_type="application/json")
        assert response.status_code == 201, response.content[:300]
    first = client.get(url, {"limit": 2})
    assert [n["text"] for n in first.json()] == ["Notitie 2", "Notitie 1"]
    # A note written while paging is on the first page, not again on the next.
    client.post(url, {"text": "Notitie 3"}, content_type="application/json")
    rows, _answers = _all_pages(client, _links(first)["next"])
    assert [n["text"] for n in rows] == ["Notitie 0"]


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/api/v1/households/", {"cursor": "geen-cursor"}, "cursor"),
        ("/api/v1/households/", {"cursor": "k12"}, "cursor"),  # a cursor of another list
        ("/api/v1/teams/", {"cursor": "p" + "9" * 19}, "cursor"),
        ("/api/v1/signals/", {"limit": "0"}, "limit"),
        ("/api/v1/areas/", {"limit": "201"}, "limit"),
        ("/api/v1/socialmap/services/", {"cursor": "%00"}, "cursor"),
    ],
)
def test_a_cursor_or_limit_that_is_not_ours_is_a_dutch_400(
    world: World,
    client_for: Callable[[User], Client],
    path: str,
    query: dict[str, str],
    field: str,
) -> None:
    response = client_for(world.member_a).get(path, query)
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    body = response.json()
    assert body["title"] == "Het verzoek klopt niet"
    (error,) = body["errors"]
    assert error["in"] == "query" and error["location"] == {"name": field}
    assert error["detail"] == MESSAGES[field]


def test_the_access_log_pages_by_key_though_each_search_is_logged(
    world: World, client_for: Callable[[User], Client]
) -> None:
    for n in range(3):
        make_household(world, name=f"Familie Log {n}")
    client = client_for(world.privacy_officer)
    first = client.get("/api/v1/access-log/", {"limit": 3})
    newest = first.json()[0]["id"]
    # Each page's search writes a new log row; it never pushes a row onto the next page.
    rows, _answers = _all_pages(client, _links(first)["next"])
    ids = [row["id"] for row in first.json() + rows]
    expected = AccessLogEntry.objects.filter(pk__lte=newest).order_by("-pk")
    assert ids == list(expected.values_list("pk", flat=True)[: len(ids)])
    assert len(ids) == len(set(ids)) > 3


def test_the_social_map_search_pages_its_results(
    world: World, client_for: Callable[[User], Client]
) -> None:
    from wijkteam.socialmap.tests.factories import make_service

    for n in range(3):
        make_service(world.team_a.municipality, f"Schuldhulp {n}")
    client = client_for(world.member_a)
    first = client.get("/api/v1/socialmap/services/", {"limit": 2, "q": "Schuldhulp"})
    second = client.get(_links(first)["next"])
    names = [s["name"] for s in first.json()["results"] + second.json()["results"]]
    assert sorted(names) == ["Schuldhulp 0", "Schuldhulp 1", "Schuldhulp 2"]
    assert first.json()["total"] == second.json()["total"] == 3
    assert "next" not in _links(second) and "prev" in _links(second)


def test_the_signal_list_logs_per_page_only_the_signals_on_it(
    world: World, client_for: Callable[[User], Client]
) -> None:
    from wijkteam.intake.tests.factories import make_signal

    for _n in range(3):
        make_signal(world.team_a, world.member_a)
    client = client_for(world.member_a)
    before = AccessLogEntry.objects.count()
    rows, answers = _all_pages(client, "/api/v1/signals/?limit=2")
    assert len(answers) == 2 and len({row["id"] for row in rows}) == 3
    logged = AccessLogEntry.objects.order_by("pk")[before:]
    team_a = [
        r.object_ids
        for r in logged
        if r.object_type == "intake.signal_list" and r.object_id == str(world.team_a.pk)
    ]
    assert team_a == [",".join(str(row["id"]) for row in a.json()) for a in answers]
