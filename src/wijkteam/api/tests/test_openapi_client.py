"""A client generated from the document (openapi-python-client) does a round trip.

The client is generated at test time, once per session, into a temporary folder (never
committed): when the code and the document drift apart, the generated client no longer
fits the API and this test fails. It talks to the real app through httpx's WSGI transport,
in this test's database, with each persona's own token.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator

from wijkteam.accounts.models import User
from wijkteam.accounts.security import api_token_create
from wijkteam.conftest import World
from wijkteam.privacy.policy import Actor

PACKAGE = "wijkteam_api_client"


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    folder = tmp_path_factory.mktemp("client")
    document = folder / "openapi.json"
    document.write_text(json.dumps(SchemaGenerator().get_schema(request=None, public=True)))
    config = folder / "config.json"
    config.write_text(json.dumps({"post_hooks": [], "package_name_override": PACKAGE}))
    run = subprocess.run(
        [
            str(Path(sys.executable).parent / "openapi-python-client"),
            "generate",
            "--path",
            str(document),
            "--meta",
            "none",
            "--config",
            str(config),
            "--output-path",
            str(folder / PACKAGE),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Warning" not in run.stdout, run.stdout  # a part of the document it could not use
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]


@pytest.fixture
def wsgi_in_test_transaction() -> Iterator[None]:
    """Requests through the WSGI handler run inside this test's transaction.

    The handler closes "old" connections at each request's start and end; inside a test's
    transaction that closes the real PostgreSQL connection (SQLite's in-memory database
    ignores it). Django's own test client switches this off the same way.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _client(generated: ModuleType, user: User) -> Any:
    token = api_token_create(actor=Actor(user=user)).raw
    transport = httpx.WSGITransport(app=get_wsgi_application())
    return generated.AuthenticatedClient(
        base_url="http://localhost",
        token=token,
        prefix="Token",
        raise_on_unexpected_status=True,  # a status the document does not list is an error
        httpx_args={"transport": transport},
    )


def _api(generated: ModuleType, module: str) -> Any:
    return importlib.import_module(f"{PACKAGE}.api.{module}")


@pytest.mark.django_db
@pytest.mark.usefixtures("wsgi_in_test_transaction")
def test_a_generated_client_registers_a_signal_links_a_household_writes_a_note_and_reads_the_file(
    generated: ModuleType, world: World
) -> None:
    models = importlib.import_module(f"{PACKAGE}.models")
    member = _client(generated, world.member_a)

    signals_create = _api(generated, "signals.signals_create")
    signal = signals_create.sync(
        client=member,
        body=models.SignalCreateRequest(
            team=world.team_a.pk,
            concern="Zorgen over de buren",
            source_kind=models.SourceKindEnum.RESIDENT,
            signaller="Een buurvrouw",
            subject_name="Familie Klant",
        ),
    )
    assert isinstance(signal, models.Signal), signal
    listed = _api(generated, "signals.signals_list").sync(client=member)
    assert signal.id in [s.id for s in listed]

    household = _api(generated, "households.households_create").sync(
        client=member,
        body=models.HouseholdCreateRequest(
            team=world.team_a.pk,
            name="Familie Klant",
            members=[models.MemberInputRequest(first_name="Kim", last_name="Klant")],
        ),
    )
    assert isinstance(household, models.HouseholdSummary), household
    linked = _api(generated, "signals.signals_link_create").sync(
        signal_id=signal.id, client=member, body=models.LinkRequest(household=household.id)
    )
    assert isinstance(linked, models.Linked), linked
    assert (linked.household, linked.status) == (household.id, "linked")
    again = _api(generated, "signals.signals_retrieve").sync(signal_id=signal.id, client=member)
    assert isinstance(again, models.Signal) and str(again.status) == "linked"
    note = _api(generated, "households.households_notes_create").sync(
        household_id=household.id,
        client=member,
        body=models.NoteCreateRequest(text="Eerste huisbezoek gehad."),
    )
    assert isinstance(note, models.CaseNote), note

    read = _api(generated, "households.households_retrieve")
    file = read.sync(household_id=household.id, client=member)
    assert isinstance(file, models.HouseholdDetail), file
    notes = _api(generated, "households.households_notes_list").sync(
        household_id=household.id, client=member
    )
    assert [n.text for n in notes] == ["Eerste huisbezoek gehad."]

    # Every other role, as the access policy decides (docs/architecture.md, "The rule set in
    # one place"): the view level of the file, or a 404 problem (parsed by the client as the
    # documented Problem) for whoever may not see it at all; the notes only with FULL.
    assert file.view_level == "full"
    expected = {
        "leader_a": "metadata",  # team leader, not involved
        "civil_servant_a": "restricted",  # civil servant in the team
        "member_b": None,  # a professional of another team
        "policy": None,
        "admin": None,
        "other_admin": None,
        "privacy_officer": None,
    }
    notes_list = _api(generated, "households.households_notes_list")
    for persona, level in expected.items():
        client = _client(generated, world.users[persona])
        response = read.sync_detailed(household_id=household.id, client=client)
        assert response.headers["API-Version"] == "1.0.0"
        if level is None:
            assert response.status_code == 404, (persona, response.content[:300])
            assert isinstance(response.parsed, models.Problem), persona
            assert response.parsed.title == "Niet gevonden"
        else:
            assert isinstance(response.parsed, models.HouseholdDetail), persona
            assert response.parsed.view_level == level, persona
        refused = notes_list.sync_detailed(household_id=household.id, client=client)
        assert refused.status_code == 404 and isinstance(refused.parsed, models.Problem), persona
