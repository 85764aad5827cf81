"""The API's error handler turns real database and decoder errors into Dutch bodies.

The errors are real ones (a broken unique constraint, a second SQLite connection holding the
write lock, Python's own recursion limit), handed to the handler the way DRF hands them over.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabaseWrapper
from django.utils import translation

from wijkteam.api.errors import exception_handler
from wijkteam.api.parsers import nesting_depth
from wijkteam.conftest import World
from wijkteam.organisations.models import Area


def _caught(action: Any) -> Exception:
    try:
        action()
    except Exception as error:  # keep the real error, whatever it is
        return error
    raise AssertionError("no error was raised")


@pytest.mark.django_db
def test_a_broken_constraint_gives_409_without_the_constraint_name(world: World) -> None:
    def duplicate() -> None:
        with transaction.atomic():
            Area.objects.create(municipality=world.municipality, name="Wijk A", inhabitants=1)

    error = _caught(duplicate)
    assert isinstance(error, IntegrityError)
    with translation.override("nl"):
        response = exception_handler(error, {})
    assert response is not None and response.status_code == 409
    detail = response.data["detail"]
    assert "Er is niets opgeslagen" in detail
    assert (
        "UNIQUE" not in detail and "area_unique_name" not in detail and "constraint" not in detail
    )


@pytest.mark.django_db
def test_a_locked_sqlite_database_gives_503_with_retry_after(tmp_path: Path) -> None:
    """A second process holds the write lock; our connection gives up (timeout 0)."""
    path = tmp_path / "locked.sqlite3"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    settings_dict = {**connection.settings_dict, "NAME": str(path), "OPTIONS": {"timeout": 0}}
    waiter = SQLiteDatabaseWrapper(settings_dict, alias="waiter")

    def write() -> None:
        with waiter.cursor() as cursor:
            cursor.execute("INSERT INTO t VALUES (1)")

    try:
        error = _caught(write)
    finally:
        waiter.close()
        holder.close()
    assert isinstance(error, OperationalError) and "locked" in str(error)
    with translation.override("nl"):
        response = exception_handler(error, {})
    assert response is not None and response.status_code == 503
    assert response["Retry-After"]
    assert "druk" in response.data["detail"]


def test_other_operational_errors_are_not_called_busy() -> None:
    assert exception_handler(OperationalError("no such table: x"), {}) is None


def test_a_recursion_error_gives_400() -> None:
    def deep() -> Any:
        return json.loads("[" * (sys.getrecursionlimit() * 2) + "]" * (sys.getrecursionlimit() * 2))

    error = _caught(deep)
    assert isinstance(error, RecursionError)
    with translation.override("en"):
        response = exception_handler(error, {})
    assert response is not None and response.status_code == 400
    assert "nested too deeply" in response.data["detail"]


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("{}", 1),
        ('{"a": [1, {"b": 2}]}', 3),
        ('{"a": "[[[[[[", "b": "\\"[[["}', 1),
        ('["\\\\", [[]]]', 3),
        ('"no brackets"', 0),
    ],
)
def test_nesting_depth_ignores_brackets_inside_strings(text: str, depth: int) -> None:
    assert json.loads(text) is not None or text == "null"
    assert nesting_depth(text) == depth


@pytest.mark.django_db
def test_a_token_client_gets_messages_in_the_persons_language(world: World) -> None:
    from django.test import Client
    from django.urls import reverse

    from wijkteam.accounts.security import api_token_create
    from wijkteam.privacy.policy import Actor

    world.member_a.preferred_language = "en"
    world.member_a.save(update_fields=["preferred_language"])
    token = api_token_create(actor=Actor(user=world.member_a)).raw  # stored hashed
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    url = reverse("intake_api:signal_list")
    english = client.post(url, "[1]", content_type="application/json")
    assert english.status_code == 400
    assert "JSON object" in english.json()["non_field_errors"][0]
    dutch = client.post(url, "[1]", content_type="application/json", HTTP_ACCEPT_LANGUAGE="nl")
    assert "JSON-object" in dutch.json()["non_field_errors"][0]


@pytest.mark.django_db
def test_a_member_that_is_not_an_object_gets_a_plain_message(world: World) -> None:
    from django.urls import reverse

    from wijkteam.conftest import verified_client

    body = {"team": world.team_a.pk, "name": "Familie Test", "members": ["Jan", 5]}
    response = verified_client(world.member_a).post(
        reverse("households_api:household_list"), body, content_type="application/json"
    )
    assert response.status_code == 400
    members = response.json()["members"]  # per item: a list, or a dict keyed by position
    items = members.values() if isinstance(members, dict) else members
    messages = [m for item in items for m in item["non_field_errors"]]
    assert messages == ["Stuur de gegevens als één JSON-object met de velden van dit verzoek."] * 2
