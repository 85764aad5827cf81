"""The served OpenAPI document is valid OpenAPI 3 for an independent validator."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from openapi_spec_validator import validate

from wijkteam.accounts.models import User
from wijkteam.conftest import World


@pytest.mark.django_db
def test_the_served_document_passes_openapi_spec_validator(
    world: World, client_for: Callable[[User], Client]
) -> None:
    response = client_for(world.member_a).get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    document = response.json()
    validate(document)  # raises with the first error it finds
    # The case the validator used to reject: a choice field whose default '' is no choice.
    measurement = document["components"]["schemas"]["AssessmentMeasurementInputRequest"]
    assert "default" not in measurement["properties"]["moment"]
