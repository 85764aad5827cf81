"""Emergency access stays temporary (issue 12 point 1): read and write a note, nothing more."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from wijkteam.casework import services
from wijkteam.casework.models import Involvement, Note
from wijkteam.casework.tests.helpers import make_household, trajectory_of
from wijkteam.conftest import World
from wijkteam.privacy import emergency, policy
from wijkteam.privacy.models import AccessLogEntry
from wijkteam.privacy.policy import EMERGENCY_ACCESS_ROLE, Actor, ViewLevel
from wijkteam.privacy.rules.casework import WORK, WRITE_NOTE

REASON = "Buurvrouw belt: er brandt al twee dagen geen licht, regisseur is ziek."


@pytest.fixture
def household(world: World):
    # Coordinated by the team leader: member_a is in the team but not involved.
    return make_household(world, coordinator=world.leader_a)


def _grant(world: World, household) -> None:
    emergency.emergency_access_grant(
        actor=Actor(user=world.member_a), household=household, reason=REASON
    )


@pytest.mark.django_db
def test_emergency_access_reads_and_notes_but_never_works_on_the_file(
    world: World, household
) -> None:
    _grant(world, household)
    decision = policy.decide(Actor(user=world.member_a), household)
    assert decision.level == ViewLevel.FULL and decision.role == EMERGENCY_ACCESS_ROLE
    assert WRITE_NOTE in decision.actions and WORK not in decision.actions
    trajectory = trajectory_of(household)
    with pytest.raises(policy.AccessDenied):
        services.involvement_add(
            actor=Actor(user=world.member_a), trajectory=trajectory, user=world.member_a, role="x"
        )
    assert not Involvement.objects.filter(user=world.member_a).exists()


@pytest.mark.django_db
def test_the_file_under_emergency_access(world: World, household, client_for) -> None:
    _grant(world, household)
    client = client_for(world.member_a)
    file_url = reverse("casework:household_file", args=[household.pk])
    with translation.override("nl"):
        page = client.get(file_url).content.decode()
    assert "wt-emergency-banner" in page and REASON in page
    grant = emergency.EmergencyAccess.objects.get()
    assert date_format(timezone.localtime(grant.expires_at), "DATETIME_FORMAT") in page
    assert reverse("casework:involvement_add", args=[household.pk]) not in page
    read = AccessLogEntry.objects.filter(object_type="households.household", actor=world.member_a)
    assert [r.actor_role for r in read] == [EMERGENCY_ACCESS_ROLE]
    # Changes are refused; a note is allowed and marked.
    for name in ("involvement_add", "trajectory_advance", "trajectory_close"):
        assert client.post(reverse(f"casework:{name}", args=[household.pk])).status_code == 404
    note_url = reverse("casework:note_create", args=[household.pk])
    assert (
        client.post(
            note_url, {"text": "Langs geweest, niemand thuis.", "kind": "contact"}
        ).status_code
        == 302
    )
    note = Note.objects.get(author=world.member_a)
    row = AccessLogEntry.objects.get(object_type="casework.note", object_id=str(note.pk))
    assert row.actor_role == EMERGENCY_ACCESS_ROLE
    leader_page = client_for(world.leader_a).get(file_url).content.decode()
    assert "wt-emergency-note" in leader_page


@pytest.mark.django_db
def test_after_expiry_nothing_is_left(world: World, household, client_for) -> None:
    _grant(world, household)
    hours = emergency.settings_for(world.municipality.pk).emergency_access_hours
    with time_machine.travel(timezone.now() + dt.timedelta(hours=hours, minutes=1), tick=False):
        fresh = type(world.member_a).objects.get(pk=world.member_a.pk)
        assert policy.view_level(Actor(user=fresh), household) == ViewLevel.METADATA
        client = client_for(fresh)
        note_url = reverse("casework:note_create", args=[household.pk])
        assert client.post(note_url, {"text": "Te laat", "kind": "contact"}).status_code == 404
        page = client.get(reverse("casework:household_file", args=[household.pk])).content
        assert b"wt-emergency-banner" not in page


@pytest.mark.django_db
def test_emergency_access_is_a_role_with_a_dutch_name() -> None:
    with translation.override("nl"):
        assert policy.role_label(EMERGENCY_ACCESS_ROLE).lower() == "noodtoegang"


@pytest.mark.django_db
def test_a_note_through_the_api_under_emergency_access(world: World, household, client_for) -> None:
    _grant(world, household)
    client = client_for(world.member_a)
    url = reverse("casework_api:note_list", args=[household.pk])
    answer = client.post(
        url, {"text": "Via de API", "kind": "contact"}, content_type="application/json"
    )
    assert answer.status_code == 201
    advance = reverse("casework_api:trajectory_advance", args=[household.pk])
    assert (
        client.post(advance, {"to_phase": "plan"}, content_type="application/json").status_code
        == 404
    )


@pytest.mark.django_db
def test_the_plan_is_readable_under_emergency_access_but_not_changeable(
    world: World, household, client_for
) -> None:
    from wijkteam.casework.models import Plan

    plan = services.plan_create(
        actor=Actor(user=world.leader_a), trajectory=trajectory_of(household)
    )
    services.problem_add(
        actor=Actor(user=world.leader_a),
        plan=plan,
        life_domain="finances",
        description="Huurachterstand van drie maanden",
    )
    client = client_for(world.member_a)
    plan_url = reverse("casework:plan", args=[household.pk])
    assert client.get(plan_url).status_code == 404  # in the team, not involved: no plan
    _grant(world, household)
    page = client.get(plan_url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Huurachterstand van drie maanden" in text
    assert reverse("casework:plan_add", args=[household.pk, "problem"]) not in text
    assert reverse("casework:plan_pdf", args=[household.pk]) not in text
    row = AccessLogEntry.objects.filter(object_type="casework.plan", actor=world.member_a).get()
    assert row.actor_role == EMERGENCY_ACCESS_ROLE and row.outcome == "granted"
    add = client.post(
        reverse("casework:plan_add", args=[household.pk, "problem"]),
        {"problem-life_domain": "housing", "problem-description": "x", "plan_version": "1"},
    )
    assert add.status_code == 404
    assert Plan.objects.get().problems.count() == 1
