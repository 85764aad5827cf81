"""A busy database: the person gets a Dutch "busy, try again" (503, Retry-After) with their
input on the page to send again, nothing half saved; never a 500 after a long wait."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator

import pytest
from django.db import connection

from wijkteam.socialmap.models import Service
from wijkteam.socialmap.tests.factories import make_service

BUSY = "Het systeem is even bezig; probeer het zo opnieuw"


@pytest.fixture
def write_lock() -> Iterator[Callable[[], None]]:
    """Call it to make another connection hold the database's write lock (as a long import
    would); released when the test ends or on ``release()``."""
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite write lock; PostgreSQL's lock_timeout is the same code path")
    other = sqlite3.connect(connection.settings_dict["NAME"], uri=True, isolation_level=None)

    def hold() -> None:
        other.execute("BEGIN IMMEDIATE")
        other.execute(  # a write to a table the request does not read
            "INSERT INTO django_q_ormq (key, payload, lock) VALUES ('busy', 'x', '2000-01-01')"
        )

    hold.release = lambda: other.in_transaction and other.execute("ROLLBACK")  # type: ignore[attr-defined]
    yield hold
    hold.release()  # type: ignore[attr-defined]
    other.close()


@pytest.mark.django_db(transaction=True)
def test_a_locked_database_answers_503_in_dutch_and_keeps_the_input(  # type: ignore[no-untyped-def]
    world, client_for, write_lock
) -> None:
    provider = make_service(world.municipality, "Bestaand").provider
    client = client_for(world.leader_a)
    data = {
        "provider": provider.pk, "external_id": "n-1", "name": "Taalcafé Noord",
        "service_type": "collective", "last_checked": "2026-01-01",
        "description": "Nederlands oefenen op dinsdag",
    }  # fmt: skip
    before = Service.objects.count()
    client.get("/socialmap/services/new/")
    write_lock()
    response = client.post("/socialmap/services/new/", data)
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    html = response.content.decode()
    assert BUSY in html
    # What was typed is on the page, in a form that sends it again.
    assert 'value="Nederlands oefenen op dinsdag"' in html and 'value="Taalcafé Noord"' in html
    assert 'action="/socialmap/services/new/"' in html
    write_lock.release()
    assert Service.objects.count() == before  # nothing half saved
    assert client.post("/socialmap/services/new/", data).status_code == 302
    assert Service.objects.filter(name="Taalcafé Noord").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_locked_database_answers_the_api_with_503_json(  # type: ignore[no-untyped-def]
    world, client_for, write_lock
) -> None:
    client = client_for(world.leader_a)
    client.get("/api/v1/socialmap/services/")
    write_lock()
    response = client.post(
        "/api/v1/socialmap/services/", {"name": "x"}, content_type="application/json"
    )
    assert response.status_code == 503, response.content
    assert response.json()["detail"] == BUSY + "."
    assert response["Retry-After"].isdigit()
