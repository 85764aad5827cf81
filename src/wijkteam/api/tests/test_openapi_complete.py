"""Every operation documents every status it can answer, in one error shape, and the real
answers have that shape (problem details, RFC 9457) and the API-Version header."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jsonschema
import pytest
from django.test import Client

from wijkteam.accounts.models import User
from wijkteam.api.errors import PROBLEM_CONTENT_TYPE
from wijkteam.api.schema import PROBLEM_FIELD_ERROR_SCHEMA, PROBLEM_SCHEMA
from wijkteam.conftest import World

pytestmark = pytest.mark.django_db

PROBLEM = {
    **PROBLEM_SCHEMA,
    "properties": {
        **PROBLEM_SCHEMA["properties"],
        "errors": {"type": "array", "items": PROBLEM_FIELD_ERROR_SCHEMA},
    },
}


def _document(client: Client) -> dict[str, Any]:
    return client.get("/api/v1/schema/", {"format": "json"}).json()


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "responses" in operation
    ]


def _assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert response["API-Version"] == "1.0.0"
    body = response.json()
    jsonschema.validate(body, PROBLEM)
    assert body["status"] == status
    return body


def test_every_operation_documents_its_errors_as_problems(
    world: World, client_for: Callable[[User], Client]
) -> None:
    document = _document(client_for(world.member_a))
    operations = _operations(document)
    assert len(operations) > 30
    for path, method, operation in operations:
        responses = operation["responses"]
        where = f"{method.upper()} {path}"
        assert {"401", "403", "404", "503"} <= set(responses), where
        if method in ("post", "put", "patch"):
            assert {"400", "409", "413"} <= set(responses), where
        if "requestBody" in operation:
            assert "415" in responses, where
        if method == "post":
            assert "422" in responses, where  # Idempotency-Key used for another request
        for code, response in responses.items():
            if int(code) >= 400:
                assert list(response["content"]) == [PROBLEM_CONTENT_TYPE], (where, code)
                assert response["description"], (where, code)
            else:
                assert "API-Version" in response["headers"], (where, code)


def test_a_view_s_own_error_body_extends_the_problem(
    world: World, client_for: Callable[[User], Client]
) -> None:
    """A 409 a view documents with its own serializer (who changed it, what is stored now)
    stays documented, as an extension of the one problem shape."""
    document = _document(client_for(world.member_a))
    extended = [
        response["content"][PROBLEM_CONTENT_TYPE]["schema"]
        for _path, _method, operation in _operations(document)
        for code, response in operation["responses"].items()
        if int(code) >= 400 and "allOf" in response["content"][PROBLEM_CONTENT_TYPE]["schema"]
    ]
    assert extended
    for schema in extended:
        assert schema["allOf"][0] == {"$ref": "#/components/schemas/Problem"}


def test_a_refused_field_is_named_in_dutch(
    world: World, client_for: Callable[[User], Client]
) -> None:
    client = client_for(world.member_a)
    response = client.post(
        "/api/v1/signals/", {"team": world.team_a.pk}, content_type="application/json"
    )
    body = _assert_problem(response, 400)
    assert body["title"] == "Het verzoek klopt niet"
    pointers = {error["location"]["pointer"] for error in body["errors"]}
    assert "/concern" in pointers, body
    # Clients written before the problem shape still find the messages by field name.
    assert body["concern"] == [
        e["detail"] for e in body["errors"] if e["location"]["pointer"] == "/concern"
    ]


def test_outsiders_not_logged_in_and_unknown_addresses_get_problems(
    world: World, client_for: Callable[[User], Client]
) -> None:
    outsider = client_for(world.member_b)
    team_a_signal = f"/api/v1/teamdesign/teams/{world.team_a.pk}/"
    body = _assert_problem(outsider.get(team_a_signal), 404)
    assert body["title"] == "Niet gevonden"
    # 401, with WWW-Authenticate: Token (the token scheme is the first authenticator).
    assert _assert_problem(Client().get("/api/v1/me/"), 401)["title"] == "Niet ingelogd"
    _assert_problem(outsider.get("/api/v1/no-such-thing/"), 404)
    english = outsider.get(team_a_signal, HTTP_ACCEPT_LANGUAGE="en")
    assert _assert_problem(english, 404)["title"] == "Not found"


def test_every_successful_answer_carries_the_api_version(
    world: World, client_for: Callable[[User], Client]
) -> None:
    response = client_for(world.member_a).get("/api/v1/me/")
    assert response.status_code == 200 and response["API-Version"] == "1.0.0"
    page = client_for(world.member_a).get("/")
    assert "API-Version" not in page  # only the API's answers


def test_a_query_parameter_named_like_a_problem_member_stays_a_field_error(
    world: World, client_for: Callable[[User], Client]
) -> None:
    """Found by the fuzzing: the social map's ``type`` filter refused used to replace the
    problem's own ``type`` with its messages."""
    response = client_for(world.member_a).get("/api/v1/socialmap/services/", {"type": "geen"})
    body = _assert_problem(response, 400)
    assert body["type"] == "about:blank"
    assert {key: value for key, value in body["errors"][0].items() if key != "detail"} == {
        "in": "query",
        "location": {"name": "type"},
    }


def test_the_document_states_the_limits_the_serializers_enforce(
    world: World, client_for: Callable[[User], Client]
) -> None:
    """Found by schemathesis sending schema-valid data that was refused: an empty list where
    one item is needed, an unknown field, a text of only spaces or with a NUL character, an
    Idempotency-Key of spaces. The document now says each of these is invalid."""
    import re

    document = _document(client_for(world.member_a))
    schemas = document["components"]["schemas"]
    instrument = schemas["AssessmentInstrumentCreateRequest"]
    assert instrument["properties"]["domains"]["minItems"] == 1
    note = schemas["NoteCreateRequest"]
    assert note["additionalProperties"] is False
    text = re.compile(note["properties"]["text"]["pattern"])
    assert text.search("Huisbezoek gehad.")
    assert not text.search("   ") and not text.search("a\x00b")
    key = next(
        p
        for p in document["paths"]["/api/v1/signals/"]["post"]["parameters"]
        if p["name"] == "Idempotency-Key"
    )
    assert not re.search(key["schema"]["pattern"], "   ") and key["schema"]["maxLength"] == 255
