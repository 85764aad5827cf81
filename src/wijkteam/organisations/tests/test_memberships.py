"""Team administration (#15 point 10): roles can be changed, ended roles are history, a new
role has no guessed FTE, and a person appears once per team."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from wijkteam.accounts import services
from wijkteam.accounts.models import Membership, Role, SecrecyStatus
from wijkteam.core import conflicts
from wijkteam.privacy.models import AccessLogEntry
from wijkteam.privacy.policy import Actor


def _membership(world: Any) -> Membership:
    return world.member_a.memberships.get()


def _edit_post(membership: Membership, **changes: Any) -> dict[str, Any]:
    values = conflicts.values_of(membership, services.MEMBERSHIP_EDIT_FIELDS)
    data = {
        "function_title": membership.function_title,
        "fte": str(membership.fte),
        "home_organisation": membership.home_organisation_id or "",
        "valid_from": membership.valid_from.isoformat(),
        "valid_until": "",
        "lock_version": "0",
        "rendered": conflicts.fingerprint(values),
    }
    return {**data, **changes}


@pytest.mark.django_db
def test_admin_changes_fte_function_and_period_of_a_role(world: Any, client_for: Any) -> None:
    membership = _membership(world)
    url = reverse("accounts:membership_edit", args=[membership.pk])
    client = client_for(world.admin)
    page = client.get(url).content.decode()
    assert f'value="{membership.valid_from.isoformat()}"' in page  # ISO for the date picker
    until = timezone.localdate() + dt.timedelta(days=60)
    response = client.post(
        url,
        _edit_post(
            membership,
            fte="0.8",
            function_title="Schuldhulpverlener",
            valid_until=until.isoformat(),
        ),
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.fte, membership.function_title, membership.valid_until) == (
        Decimal("0.80"),
        "Schuldhulpverlener",
        until,
    )
    assert AccessLogEntry.objects.filter(
        object_type="accounts.membership", object_id=str(membership.pk), event="update"
    ).exists()


@pytest.mark.django_db
def test_membership_edit_from_a_stale_page_is_a_conflict(world: Any, client_for: Any) -> None:
    membership = _membership(world)
    url = reverse("accounts:membership_edit", args=[membership.pk])
    stale = _edit_post(membership, fte="0.3")
    services.membership_update(
        actor=Actor(user=world.admin),
        membership=membership,
        function_title=membership.function_title,
        fte=Decimal("0.9"),
        home_organisation=membership.home_organisation,
        valid_from=membership.valid_from,
        valid_until=None,
        rendered=stale["rendered"],
    )
    response = client_for(world.admin).post(url, stale)
    assert response.status_code == 409
    assert "Fte in het team" in response.content.decode()  # the field a colleague changed
    membership.refresh_from_db()
    assert membership.fte == Decimal("0.90")  # the colleague's save stands


@pytest.mark.django_db
def test_membership_edit_is_hidden_from_other_municipalities(world: Any, client_for: Any) -> None:
    url = reverse("accounts:membership_edit", args=[_membership(world).pk])
    assert client_for(world.other_admin).get(url).status_code == 404
    assert client_for(world.member_a).get(url).status_code == 404


@pytest.mark.django_db
def test_new_team_role_needs_an_fte_and_has_none_prefilled(world: Any, client_for: Any) -> None:
    url = reverse("accounts:person", args=[world.member_b.pk])
    client = client_for(world.admin)
    page = client.get(url).content.decode()
    assert 'name="fte" value=' not in page and 'value="0.5"' not in page
    post = {
        "team": world.team_a.pk,
        "role": Role.TEAM_MEMBER,
        "secrecy_status": SecrecyStatus.PROFESSIONAL_SECRECY,
        "fte": "",
    }
    response = client.post(url, post)
    assert response.status_code == 400
    assert "Vul de fte in" in response.content.decode()
    assert not world.member_b.memberships.filter(team=world.team_a).exists()
    # A municipality-wide role needs none.
    post = {"role": Role.POLICY_STAFF, "secrecy_status": SecrecyStatus.NOT_APPLICABLE, "fte": ""}
    assert client.post(url, post).status_code == 302
    assert world.member_b.memberships.get(role=Role.POLICY_STAFF).fte == 0


@pytest.mark.django_db
def test_same_role_twice_in_overlapping_periods_is_refused(world: Any) -> None:
    admin = Actor(user=world.admin)
    with pytest.raises(ValidationError):
        services.membership_add(
            actor=admin,
            user=world.member_a,
            municipality=world.municipality,
            team=world.team_a,
            role=Role.TEAM_MEMBER,
            secrecy_status=SecrecyStatus.PROFESSIONAL_SECRECY,
            fte="0.2",
        )
    # After the first role ended, the same role can start again.
    services.membership_end(actor=admin, membership=_membership(world))
    services.membership_add(
        actor=admin,
        user=world.member_a,
        municipality=world.municipality,
        team=world.team_a,
        role=Role.TEAM_MEMBER,
        secrecy_status=SecrecyStatus.PROFESSIONAL_SECRECY,
        fte="0.2",
    )
    # And a change of period may not make two roles overlap.
    ended = world.member_a.memberships.exclude(valid_until=None).get()
    with pytest.raises(ValidationError):
        services.membership_update(
            actor=admin,
            membership=ended,
            function_title="",
            fte=Decimal("0.5"),
            home_organisation=None,
            valid_from=ended.valid_from,
            valid_until=timezone.localdate() + dt.timedelta(days=5),
            rendered=conflicts.fingerprint(
                conflicts.values_of(ended, services.MEMBERSHIP_EDIT_FIELDS)
            ),
        )


@pytest.mark.django_db
def test_person_appears_once_per_team_with_both_roles(world: Any, client_for: Any) -> None:
    services.membership_add(
        actor=Actor(user=world.admin),
        user=world.member_a,
        municipality=world.municipality,
        team=world.team_a,
        role=Role.TEAM_LEADER,
        secrecy_status=SecrecyStatus.PROFESSIONAL_SECRECY,
        fte="0.2",
    )
    page = client_for(world.leader_a).get(
        reverse("organisations:team_detail", args=[world.team_a.pk])
    )
    html = page.content.decode()
    rows = [row for row in html.split('data-testid="member-row"')[1:] if "Member Test" in row]
    assert len(rows) == 1
    assert "Teamlid" in rows[0] and "Teamleider" in rows[0] and "0,70" in rows[0]
    assert html.count('data-testid="member-row"') == 3  # member_a, civil servant, leader


@pytest.mark.django_db
def test_ended_role_is_not_listed_as_current(world: Any, client_for: Any) -> None:
    admin = Actor(user=world.admin)
    team_role = world.civil_servant_a.memberships.get()
    services.membership_add(
        actor=admin,
        user=world.civil_servant_a,
        municipality=world.municipality,
        team=None,
        role=Role.POLICY_STAFF,
        secrecy_status=SecrecyStatus.NOT_APPLICABLE,
    )
    services.membership_end(actor=admin, membership=team_role)
    team_page = client_for(world.member_a).get(
        reverse("organisations:team_detail", args=[world.team_a.pk])
    )
    assert "Civil_Servant" not in team_page.content.decode()
    people = client_for(world.admin).get(reverse("accounts:people")).content.decode()
    row = people.split(world.civil_servant_a.username)[1].split("</tr>")[0]
    assert "Team A" not in row
    person = client_for(world.admin).get(
        reverse("accounts:person", args=[world.civil_servant_a.pk])
    )
    html = person.content.decode()
    ended = html.split('data-testid="ended-roles"')[1]
    assert "Team A" in ended and "Team A" not in html.split('data-testid="ended-roles"')[0]
