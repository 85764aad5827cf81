"""Bad input on every API operation: a clear Dutch 4xx, never a 500, nothing written.

The operations come from the OpenAPI schema and the role x route matrix (``matrix.py``);
each request is sent by a persona who may make it, so it reaches the parser and serializer.
"Dutch" is checked by sending the same request with ``Accept-Language: en``: a message that
comes back the same in both languages was never translated.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import resolve, reverse

from wijkteam.api.errors import PROBLEM_CONTENT_TYPE
from wijkteam.api.tests.matrix import Operation, operations, resolve_ref, writes
from wijkteam.conftest import build_world, verified_client
from wijkteam.core import limits
from wijkteam.privacy.api import FreshSecondFactor

pytestmark = pytest.mark.django_db

WRITES = writes()
READS = [op for op in operations() if op.method == "get"]


def _row_counts() -> dict[str, int]:
    tables = set(connection.introspection.table_names())
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if not model._meta.proxy and model._meta.managed and model._meta.db_table in tables
    }


def _messages(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [m for key in sorted(data) for m in _messages(data[key])]
    if isinstance(data, list):
        return [m for item in data for m in _messages(item)]
    return [str(data)]


class _Target:
    """One operation's URL and a Dutch and an English client of a persona who may call it."""

    def __init__(self, op: Operation) -> None:
        self.op = op
        world = build_world()
        self.url = reverse(op.route.name, kwargs=op.route.kwargs(world))
        user = world.users[op.persona()]
        self.clients = {language: verified_client(user) for language in ("nl", "en")}

    def refused(self, body: Any) -> dict[str, Any]:
        """Send ``body`` in Dutch and English: both refused, nothing written, messages differ."""
        op = self.op
        before = _row_counts()
        answers = {}
        for language, client in self.clients.items():
            raw = body if isinstance(body, str) else json.dumps(body)
            response = getattr(client, op.method)(
                self.url, raw, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
            )
            assert response.status_code in (400, 413, 415), (op.id, response.content[:300])
            assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
            answers[language] = response.json()
        assert _row_counts() == before, f"{op.id}: a refused request wrote something"
        nl, en = answers["nl"], answers["en"]
        assert sorted(nl) == sorted(en)
        assert nl["status"] == response.status_code and nl["type"] == "about:blank"
        # The problem's fixed members (type, status, where each field error points) are the
        # same in every language; its texts are not.
        nl["errors"] = [error["detail"] for error in nl.get("errors", [])]
        en["errors"] = [error["detail"] for error in en.get("errors", [])]
        for key in set(nl) - {"type", "status"}:
            for dutch, english in zip(_messages(nl[key]), _messages(en[key]), strict=True):
                assert dutch != english, f"{op.id}: {key!r} is not translated: {dutch!r}"
        return nl


def _nested(depth: int, kind: str) -> str:
    if kind == "list":
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "1" + "}" * depth


@pytest.mark.parametrize("kind", ["list", "object"])
@pytest.mark.parametrize("op", WRITES, ids=lambda op: op.id)
def test_deeply_nested_json_is_refused(op: Operation, kind: str) -> None:
    body = _Target(op).refused(_nested(10_000, kind))
    assert "diep" in body["detail"]


@pytest.mark.parametrize("op", WRITES, ids=lambda op: op.id)
def test_a_body_over_the_json_limit_is_refused(op: Operation) -> None:
    body = _Target(op).refused(json.dumps({"x": "a" * limits.API_JSON_MAX_BYTES}))
    assert "te groot" in body["detail"]


@pytest.mark.parametrize("op", WRITES, ids=lambda op: op.id)
def test_a_body_that_is_not_an_object_is_refused(op: Operation) -> None:
    target = _Target(op)
    for body in ([1, 2], "tekst", None, 5):
        target.refused(json.dumps(body))


@pytest.mark.parametrize("op", WRITES, ids=lambda op: op.id)
def test_a_body_that_is_not_json_is_refused(op: Operation) -> None:
    world = build_world()
    client = verified_client(world.users[op.persona()])
    url = reverse(op.route.name, kwargs=op.route.kwargs(world))
    response = getattr(client, op.method)(url, "a=1", content_type="text/plain")
    assert response.status_code == 415
    assert "JSON" in response.json()["detail"]


def _properties(op: Operation) -> dict[str, dict[str, Any]]:
    assert op.body_schema is not None
    return {name: resolve_ref(prop) for name, prop in op.body_schema.get("properties", {}).items()}


def _wrong_values(prop: dict[str, Any]) -> list[Any]:
    kind = prop.get("type")
    if prop.get("readOnly"):
        return []
    wrong: list[Any] = [] if prop.get("nullable") else [None]
    if kind == "string" or "enum" in prop:
        wrong += [["een", "lijst"], {"een": "object"}]
    elif kind == "integer":
        wrong += ["veel", [1], 1.5]
    elif kind == "boolean":
        wrong += ["misschien", [True]]
    elif kind == "array":
        wrong += ["geen lijst", {"een": "object"}]
    elif kind == "object":
        wrong += ["geen object", [1]]
    return wrong


@pytest.mark.parametrize("op", WRITES, ids=lambda op: op.id)
def test_wrong_types_are_refused_per_field(op: Operation) -> None:
    """String where a number belongs, a list where text belongs, null: the field is named."""
    checked = 0
    target = _Target(op)
    for name, prop in _properties(op).items():
        for value in _wrong_values(prop):
            body = target.refused({name: value})
            assert name in body, (op.id, name, value, body)
            checked += 1
    assert checked or not _properties(op)


def _limits(op: Operation) -> list[tuple[str, dict[str, Any]]]:
    return [
        (name, prop)
        for name, prop in _properties(op).items()
        if not prop.get("readOnly") and prop.get("type") in ("string", "array")
    ]


@pytest.mark.parametrize("op", WRITES, ids=lambda op: op.id)
def test_every_text_and_list_in_a_request_has_a_maximum(op: Operation) -> None:
    unlimited = [
        name
        for name, prop in _limits(op)
        if "enum" not in prop
        and prop.get("format") not in ("date", "date-time")
        and ("maxLength" if prop["type"] == "string" else "maxItems") not in prop
    ]
    assert not unlimited, f"{op.id}: no maximum for {unlimited}"


def _over_the_limit(prop: dict[str, Any]) -> Any:
    if prop["type"] == "string":
        return "x" * (prop["maxLength"] + 1), prop["maxLength"]
    item = resolve_ref(prop.get("items", {}))
    sample: Any = "x" if item.get("type") == "string" else {}
    if "enum" in item:
        sample = item["enum"][0]
    return [sample] * (prop["maxItems"] + 1), prop["maxItems"]


@pytest.mark.parametrize("op", WRITES, ids=lambda op: op.id)
def test_over_long_texts_and_lists_are_refused_naming_the_maximum(op: Operation) -> None:
    target = _Target(op)
    for name, prop in _limits(op):
        if "maxLength" not in prop and "maxItems" not in prop:
            continue
        value, maximum = _over_the_limit(prop)
        body = target.refused({name: value})
        assert name in body, (op.id, name)
        assert any(f"{maximum}" in m.replace(".", "") for m in _messages(body[name])), body[name]


@pytest.mark.parametrize("op", READS, ids=lambda op: op.id)
def test_a_browser_or_the_browsable_renderer_gets_json(op: Operation) -> None:
    """A token with ``Accept: text/html`` or ``?format=api`` answered 500 before."""
    world = build_world()
    user = world.users[op.persona()]
    url = reverse(op.route.name, kwargs=op.route.kwargs(world))
    from wijkteam.accounts.security import api_token_create
    from wijkteam.privacy.policy import Actor

    token = api_token_create(actor=Actor(user=user)).raw  # tokens are stored hashed
    by_token = Client(HTTP_AUTHORIZATION=f"Token {token}")
    by_session = verified_client(user)
    expected = op.route.expect[op.persona()]
    view = resolve(url).func.view_class  # type: ignore[attr-defined]
    token_refused = FreshSecondFactor in getattr(view, "permission_classes", ())
    for client in (by_token, by_session):
        for response in (
            client.get(url, HTTP_ACCEPT="text/html,application/xhtml+xml"),
            client.get(url, {"format": "api"}),
            client.get(url, HTTP_ACCEPT="application/xml"),
        ):
            refused = client is by_token and token_refused  # the access log asks a fresh MFA
            assert response.status_code == (403 if refused else expected), (
                op.id,
                response.content[:300],
            )
            if op.route.name != "api:docs":  # the Swagger page is HTML by design
                assert response["Content-Type"].split(";")[0] in (
                    "application/json",
                    "application/vnd.oai.openapi",
                    PROBLEM_CONTENT_TYPE,  # a refusal (403) is a problem
                )
