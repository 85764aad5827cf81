"""The evaluation API names the latest evaluation it saw: a stale one is 409, none is 428."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from wijkteam.casework import services
from wijkteam.casework.models import Evaluation, Phase
from wijkteam.casework.tests.helpers import actor, make_household, make_plan, trajectory_of
from wijkteam.privacy.models import AccessLogEntry

pytestmark = pytest.mark.django_db

BODY = {"question_answered": "yes", "self_reliance": "up", "participation": "same"}


@pytest.fixture
def household(world: Any) -> Any:
    household = make_household(world)
    make_plan(world, household)
    trajectory = trajectory_of(household)
    for phase in (Phase.SUPPORT, Phase.EVALUATION):
        trajectory = services.trajectory_advance(
            actor=actor(world.member_a), trajectory=trajectory, to_phase=phase
        )
    services.involvement_add(
        actor=actor(world.member_a), trajectory=trajectory, user=world.member_b, role="Schuldhulp"
    )
    return household


def _post(client: Any, household: Any, body: dict[str, Any], **headers: str) -> Any:
    url = reverse("casework_api:evaluation_record", args=[household.pk])
    headers.setdefault("Accept-Language", "nl")
    return client.post(url, body, content_type="application/json", headers=headers)


def test_the_first_evaluation_needs_no_version_and_answers_with_one(
    world: Any, client_for: Any, household: Any
) -> None:
    created = _post(client_for(world.member_a), household, BODY)
    assert created.status_code == 201
    evaluation = Evaluation.objects.get(trajectory__household=household)
    assert created["ETag"] == f'"{evaluation.pk}"'
    assert created.json()["lock_version"] == evaluation.pk


def test_an_evaluation_from_a_stale_version_is_409_naming_who(
    world: Any, client_for: Any, household: Any
) -> None:
    first = _post(client_for(world.member_a), household, BODY)
    seen = first["ETag"]
    colleague = _post(
        client_for(world.member_b),
        household,
        {**BODY, "lessons": "Eerder bellen"},
        **{"If-Match": seen},
    )
    assert colleague.status_code == 201
    stale = _post(
        client_for(world.member_a),
        household,
        {**BODY, "lessons": "Vaste dag"},
        **{"If-Match": seen},
    )
    assert stale.status_code == 409
    body = stale.json()
    assert world.member_b.get_full_name() in body["detail"] and "heeft dit" in body["detail"]
    assert body["current"]["lessons"] == "Eerder bellen"
    assert stale["ETag"] == colleague["ETag"]
    assert not Evaluation.objects.filter(lessons="Vaste dag").exists()
    # With the version from the 409 (after merging) it goes through, in the body too.
    version = int(stale["ETag"].strip('"'))
    again = _post(client_for(world.member_a), household, {**BODY, "lock_version": version})
    assert again.status_code == 201


def test_a_second_evaluation_without_a_version_is_428_and_saves_nothing(
    world: Any, client_for: Any, household: Any
) -> None:
    first = _post(client_for(world.member_b), household, BODY)
    reads = AccessLogEntry.objects.filter(actor=world.member_a).count()
    blind = _post(client_for(world.member_a), household, {**BODY, "lessons": "Blind"})
    assert blind.status_code == 428
    assert "If-Match" in blind.json()["detail"] and "opgeslagen" in blind.json()["detail"]
    assert blind["ETag"] == first["ETag"]
    assert Evaluation.objects.filter(trajectory__household=household).count() == 1
    # The stored evaluation it shows is a logged read.
    assert AccessLogEntry.objects.filter(actor=world.member_a).count() == reads + 1
