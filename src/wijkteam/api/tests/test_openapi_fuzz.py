"""A bounded schemathesis run against the whole document: 0 server errors, 0 conformance
failures (every status, content type, header and body as documented), and valid data as
documented is accepted (``positive_data_acceptance``; an id of a record you may not use
aside, see ``REFERENCES``).

Run as a team member and as a civil servant, each with a token, through the WSGI app in this
test's database (one transaction, rolled back). Bounded by examples, not time: a fixed
number per operation and a fixed seed (``derandomize``), so a run is repeatable. Marked
``fuzz``: scripts/test.sh runs it once per full run (the SQLite run), not in the PostgreSQL
and shifted-clock runs (``WIJKTEAM_SKIP_FUZZ=1``, see api/tests/conftest.py).

Refusals stay refusals: the civil servant gets 404 for every household and signal, which the
document lists for every operation; the run checks that answer is documented, never that
the policy lets more through.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from wijkteam.accounts.models import User
from wijkteam.accounts.security import api_token_create
from wijkteam.casework.tests.helpers import make_household
from wijkteam.conftest import World, verified_client
from wijkteam.privacy.policy import Actor

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz, pytest.mark.long]

# Per operation: valid data as documented, and data the document says is invalid.
EXAMPLES = {GenerationMode.POSITIVE: 10, GenerationMode.NEGATIVE: 6}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Body fields and query parameters that name another record by its id. The document gives
# their form (a positive whole number), not which records exist or are yours: a well-formed
# id of no record you may use is refused with a 400 naming the field ("unknown team"), and
# the policy may not say more. Such a refusal, naming only these fields, does not count
# against "valid data is accepted"; every other refusal of valid data does.
REFERENCES = {"team", "partner", "member", "instrument", "area", "municipality", "household"}


def _fuzz(world: World, user: User) -> list[str]:
    document = verified_client(user).get("/api/v1/schema/", {"format": "json"}).json()
    schema = schemathesis.openapi.from_dict(document)
    schema.app = get_wsgi_application()
    token = api_token_create(actor=Actor(user=user)).raw
    headers = {"Authorization": f"Token {token}"}
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30
    for operation in operations:
        for mode, examples in EXAMPLES.items():
            _run(operation, mode, examples, headers, failures)
    return failures


def _run(
    operation: Any,
    mode: GenerationMode,
    examples: int,
    headers: dict[str, str],
    failures: list[str],
) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        response = case.call(headers=headers)
        checks = list(CHECKS)
        if mode is GenerationMode.POSITIVE and not _refused_only_for_unknown_ids(response):
            checks.append(positive_data_acceptance)  # valid data as documented is accepted
        try:
            case.validate_response(response, checks=checks)
        except (Exception, BaseExceptionGroup) as failure:  # one failure, or a group
            failures.append(f"{operation.label} ({mode}): {str(failure)[:600]}")

    try:
        run()
    except Unsatisfiable:
        # Nothing to get wrong: an operation without parameters or body has no invalid input.
        assert mode is GenerationMode.NEGATIVE, operation.label


def _refused_only_for_unknown_ids(response: Any) -> bool:
    if response.status_code != 400:
        return False
    errors = response.json().get("errors") or []
    names = {
        location.get("name") or (location.get("pointer", "") + "/").split("/")[1]
        for location in (error.get("location", {}) for error in errors)
    }
    return bool(errors) and names <= REFERENCES


def test_fuzzing_as_a_team_member_finds_nothing(world: World) -> None:
    make_household(world)
    failures = _fuzz(world, world.member_a)
    assert not failures, "\n\n".join(failures[:15]) + f"\n\n({len(failures)} in all)"


def test_fuzzing_as_a_civil_servant_finds_nothing(world: World) -> None:
    make_household(world)
    failures = _fuzz(world, world.civil_servant_a)
    assert not failures, "\n\n".join(failures[:15]) + f"\n\n({len(failures)} in all)"
