"""A busy database: the person gets a Dutch "busy, try again" (503, Retry-After) with their
input on the page to send again, nothing half saved; never a 500 after a long wait."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.db import DEFAULT_DB_ALIAS, connections

from wijkteam.socialmap.models import Service
from wijkteam.socialmap.tests.factories import make_service

BUSY = "Het systeem is even bezig; probeer het zo opnieuw"


@pytest.fixture
def write_lock() -> Iterator[Callable[[], None]]:
    """Call it to make another connection hold a write lock, as a long import would: SQLite's
    database-wide write lock, or on PostgreSQL an exclusive lock on the social map's tables
    (web requests give up after their ``lock_timeout``). Released at the end or by
    ``release()``."""
    # Its own copy of the settings: create_connection shares the default connection's dict,
    # and a change to it would reach every later request of this test process.
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    other.settings_dict = {**other.settings_dict, "ATOMIC_REQUESTS": False}

    def hold() -> None:
        other.set_autocommit(False)
        with other.cursor() as cursor:
            if other.vendor == "sqlite":  # a write takes the write lock (and the table's)
                cursor.execute("UPDATE socialmap_service SET name = name")
            else:
                cursor.execute(
                    "LOCK TABLE socialmap_service, socialmap_provider IN ACCESS EXCLUSIVE MODE"
                )

    def release() -> None:
        if not other.get_autocommit():
            other.rollback()
            other.set_autocommit(True)

    hold.release = release  # type: ignore[attr-defined]
    yield hold
    release()
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
    make_service(world.municipality, "Bestaand")
    client = client_for(world.leader_a)
    assert client.get("/api/v1/socialmap/services/").status_code == 200
    write_lock()
    response = client.get("/api/v1/socialmap/services/")
    assert response.status_code == 503, response.content
    assert "probeer het zo" in response.json()["detail"]  # (the API's own handler, api/errors.py)
    assert response["Retry-After"].isdigit()
