"""Idempotency-Key on the API's POST endpoints (api/idempotency.py): retry safely."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from wijkteam.casework.models import Action, Note
from wijkteam.casework.tests.helpers import make_household, make_plan
from wijkteam.core.idempotency import REPLAY_HEADER, idempotency_claim, sha256
from wijkteam.core.models import IdempotencyChannel
from wijkteam.intake.models import Signal
from wijkteam.intake.tests.factories import make_partner

pytestmark = pytest.mark.django_db


def _post(client: Client, url: str, data: Any, key: str | None = "sleutel-1") -> Any:
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post(url, data, content_type="application/json", headers=headers)


def test_a_repeated_note_with_the_same_key_is_stored_once_and_replayed(
    world: Any, client_for: Any
) -> None:
    household = make_household(world)
    client = client_for(world.member_a)
    url = reverse("casework_api:note_list", args=[household.pk])

    first = _post(client, url, {"kind": "phone", "text": "Gebeld"})
    # The same JSON, spaced and ordered differently, is the same request.
    second = _post(client, url, json.dumps({"text": "Gebeld", "kind": "phone"}, indent=2))

    assert first.status_code == second.status_code == 201
    assert second.json() == first.json() and second["Content-Type"] == first["Content-Type"]
    assert second[REPLAY_HEADER] == "true" and REPLAY_HEADER not in first
    assert Note.objects.filter(household=household).count() == 1


def test_the_same_key_with_another_body_is_refused_with_422(world: Any, client_for: Any) -> None:
    household = make_household(world)
    client = client_for(world.member_a)
    url = reverse("casework_api:note_list", args=[household.pk])
    assert _post(client, url, {"kind": "phone", "text": "Gebeld"}).status_code == 201

    other = _post(client, url, {"kind": "phone", "text": "Iets anders"})

    assert other.status_code == 422
    assert (
        "Idempotency-Key" in other.json()["detail"] and "nieuwe sleutel" in other.json()["detail"]
    )
    assert Note.objects.filter(household=household).count() == 1


def test_signal_and_action_are_created_once_per_key(world: Any, client_for: Any) -> None:
    partner = make_partner(world.team_a, deadline_days=14)
    client = client_for(world.member_a)
    signal = {
        "team": world.team_a.pk,
        "partner": partner.pk,
        "subject_name": "A",
        "concern": "Huur",
    }
    url = reverse("intake_api:signal_list")
    assert _post(client, url, signal, "s1").status_code == 201
    assert _post(client, url, signal, "s1")[REPLAY_HEADER] == "true"
    assert Signal.objects.count() == 1

    household = make_household(world)
    plan = make_plan(world, household, actions=0)
    action = {
        "text": "Bellen met de woningcorporatie",
        "owner_kind": "team_member",
        "owner_user": world.member_a.pk,
    }
    url = reverse("casework_api:action_create", args=[household.pk])
    first = _post(client, url, action, "a1")
    assert first.status_code == 201, first.content
    assert _post(client, url, action, "a1").json() == first.json()
    assert Action.objects.filter(plan=plan).count() == 1


def test_keys_are_per_person_and_without_a_key_nothing_changes(world: Any, client_for: Any) -> None:
    household = make_household(world)
    url = reverse("casework_api:note_list", args=[household.pk])
    data = {"kind": "phone", "text": "Gebeld"}
    assert _post(client_for(world.member_a), url, data, "k").status_code == 201
    # Another person's request with the same key is their own (the leader may not write here,
    # so the answer is theirs, not member_a's stored 201).
    assert REPLAY_HEADER not in _post(client_for(world.leader_a), url, data, "k")
    client = client_for(world.member_a)
    _post(client, url, data, None)
    _post(client, url, data, None)
    assert Note.objects.filter(household=household).count() == 3


def test_a_refused_request_is_not_stored_so_a_corrected_retry_may_use_the_key(
    world: Any, client_for: Any
) -> None:
    household = make_household(world)
    client = client_for(world.member_a)
    url = reverse("casework_api:note_list", args=[household.pk])
    assert _post(client, url, {"kind": "phone", "text": ""}, "k").status_code == 400
    retry = _post(client, url, {"kind": "phone", "text": "Gebeld"}, "k")
    assert retry.status_code == 201 and REPLAY_HEADER not in retry
    assert Note.objects.filter(household=household).count() == 1


def test_an_unusable_key_gets_a_dutch_400(world: Any, client_for: Any) -> None:
    household = make_household(world)
    url = reverse("casework_api:note_list", args=[household.pk])
    response = _post(client_for(world.member_a), url, {"kind": "phone", "text": "x"}, "k" * 300)
    assert response.status_code == 400 and "Idempotency-Key" in response.json()["detail"]
    assert not Note.objects.exists()


def test_anonymous_requests_with_a_key_get_the_usual_401(world: Any) -> None:
    household = make_household(world)
    url = reverse("casework_api:note_list", args=[household.pk])
    assert _post(Client(), url, {"kind": "phone", "text": "x"}).status_code in (401, 403)


def test_a_token_client_gets_the_replay_too(world: Any, client_for: Any) -> None:
    from wijkteam.accounts.security import api_token_create
    from wijkteam.privacy.policy import Actor

    household = make_household(world)
    token = api_token_create(actor=Actor(user=world.member_a)).raw  # stored hashed
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    url = reverse("casework_api:note_list", args=[household.pk])
    first = _post(client, url, {"kind": "phone", "text": "Via token"})
    second = _post(client, url, {"kind": "phone", "text": "Via token"})
    assert first.status_code == 201 and second[REPLAY_HEADER] == "true"
    assert Note.objects.filter(household=household).count() == 1


def test_every_post_operation_documents_the_header() -> None:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    posts = [op for path in schema["paths"].values() for verb, op in path.items() if verb == "post"]
    assert len(posts) > 10
    for operation in posts:
        names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "header"]
        assert "Idempotency-Key" in names, operation["operationId"]


def test_a_repeat_while_the_first_still_runs_gets_409(world: Any, client_for: Any) -> None:
    household = make_household(world)
    url = reverse("casework_api:note_list", args=[household.pk])
    data = {"kind": "phone", "text": "Nog bezig"}
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"))
    with transaction.atomic():  # the first request's claim, not yet completed
        idempotency_claim(
            user_id=world.member_a.pk,
            channel=IdempotencyChannel.API,
            key="bezig",
            request_hash=sha256("POST", url, canonical),
        )
    response = _post(client_for(world.member_a), url, data, "bezig")
    assert response.status_code == 409 and "nog bezig" in response.json()["detail"]
    assert not Note.objects.filter(household=household).exists()
