"""Refused access is logged (issue 12 point 6), survives the 404's rollback, and bursts show."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from wijkteam.casework.tests.helpers import make_household
from wijkteam.conftest import World
from wijkteam.privacy.models import AccessLogEntry, AccessOutcome
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.services import access_log_record


def _denied(user: Any) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(actor=user, outcome=AccessOutcome.DENIED))


@pytest.mark.django_db(transaction=True)
def test_refused_file_is_logged_and_survives_the_rollback(world: World, client_for) -> None:
    """A real commit/rollback (transaction=True): the view's atomic block is rolled back."""
    household = make_household(world)
    client = client_for(world.member_b)
    response = client.get(reverse("casework:household_file", args=[household.pk]))
    assert response.status_code == 404
    rows = _denied(world.member_b)
    assert [(r.object_type, r.object_id, r.actor_role, r.event) for r in rows] == [
        ("households.household", str(household.pk), "team_member", "read")
    ]
    assert rows[0].purpose and rows[0].actor_name == "Member Test"


@pytest.mark.django_db
def test_refused_api_call_and_refused_write_are_logged(world: World, client_for) -> None:
    household = make_household(world)
    client = client_for(world.member_b)
    api = client.get(reverse("casework_api:household_detail", args=[household.pk]))
    assert api.status_code == 404
    post = client.post(reverse("casework:note_create", args=[household.pk]), {"text": "x"})
    assert post.status_code == 404
    rows = _denied(world.member_b)
    assert len(rows) >= 2
    assert {r.object_id for r in rows} == {str(household.pk)}
    assert {r.event for r in rows} == {"read", "update"}


@pytest.mark.django_db
def test_a_refusal_without_an_object_names_the_url(world: World, client_for) -> None:
    # A page that needs a role the person does not hold: no object, so the URL is named.
    response = client_for(world.policy).get(reverse("privacy:accesslog"))
    assert response.status_code == 404
    (row,) = _denied(world.policy)
    assert row.object_type == "url:privacy:accesslog"
    assert row.actor_role == "policy_staff"


@pytest.mark.django_db
def test_granted_pages_and_unknown_urls_write_no_refusal(world: World, client_for) -> None:
    household = make_household(world)
    client = client_for(world.member_a)
    assert client.get(reverse("casework:household_file", args=[household.pk])).status_code == 200
    assert client.get("/favicon-that-does-not-exist.ico").status_code == 404
    assert _denied(world.member_a) == []


def _deny(user: Any, n: int) -> None:
    with transaction.atomic():
        for i in range(n):
            access_log_record(
                actor=Actor(user=user),
                event="read",
                object_type="households.household",
                object_id=i,
                outcome=AccessOutcome.DENIED,
            )


@pytest.mark.django_db
def test_privacy_officer_filters_on_denials_and_sees_bursts(
    world: World, client_for, settings
) -> None:
    settings.DENIAL_BURST_COUNT = 5
    _deny(world.member_b, 5)
    _deny(world.leader_a, 4)  # below the threshold
    client = client_for(world.privacy_officer)
    page = client.get(reverse("privacy:accesslog")).content.decode()
    assert "wt-denial-bursts" in page
    assert "Member Test: 5" in page and "Leader Test" not in page
    filtered = client.get(reverse("privacy:accesslog"), {"outcome": "denied"})
    rows = filtered.context["rows"]
    assert len(rows) == 9 and {r.outcome for r in rows} == {"denied"}


@pytest.mark.django_db
def test_no_burst_below_the_default_threshold(world: World, client_for) -> None:
    _deny(world.member_b, 19)
    page = client_for(world.privacy_officer).get(reverse("privacy:accesslog")).content.decode()
    assert "wt-denial-bursts" not in page
    _deny(world.member_b, 1)
    page = client_for(world.privacy_officer).get(reverse("privacy:accesslog")).content.decode()
    assert "wt-denial-bursts" in page
