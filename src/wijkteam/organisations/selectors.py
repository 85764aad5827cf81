"""Reads of organisation data through the access policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import router
from django.db.models import QuerySet
from django.utils import timezone

from wijkteam.accounts.models import Membership
from wijkteam.core.compiled import CompiledQuery, Slot, as_big_int, as_date
from wijkteam.organisations.models import Area, HomeOrganisation, Municipality, Team
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Action, Actor, Decision
from wijkteam.privacy.services import log_read


@dataclass(frozen=True)
class TeamView:
    team: Team
    decision: Decision
    members: list[Membership]

    @property
    def total_fte(self) -> float:
        return float(sum(m.fte for m in self.members))


def team_list(*, actor: Actor) -> QuerySet[Team]:
    return (
        policy.teams_visible_to(actor)
        .filter(is_active=True)
        .prefetch_related("areas")
        .order_by("name")
    )


def _members_query(*, team_id: int, today: dt.date) -> QuerySet[Membership]:
    return (
        Membership.objects.active(today)
        .filter(team_id=team_id)
        .select_related("user", "home_organisation")
        # By person (the page groups one person's roles into one row), then by role.
        .order_by("user__last_name", "user__first_name", "user_id", "role")
    )


# Every page that shows a team (Mijn werk shows each of the person's teams) reads these two;
# their SQL is built once per connection (core/compiled.py).
_TEAM = CompiledQuery(
    lambda *, team_id: Team.objects.filter(pk=team_id).select_related("municipality")[:1],
    team_id=Slot(1, 2, as_big_int),
)
_MEMBERS = CompiledQuery(
    _members_query,
    team_id=Slot(1, 2, as_big_int),
    today=Slot(dt.date(2000, 1, 1), dt.date(2000, 1, 2), as_date),
)


def team_get(*, actor: Actor, team_id: int) -> TeamView:
    """One team; its people only when the policy allows, and then the read is logged."""
    found = _TEAM.instances(router.db_for_read(Team), team_id=team_id)
    team = found[0] if found else None
    if team is None:
        raise policy.AccessDenied("no such team")
    decision = policy.require(actor, Action.VIEW, team)
    members: list[Membership] = []
    if Action.VIEW_MEMBERS in decision.actions:
        members = _MEMBERS.instances(
            router.db_for_read(Membership), team_id=team.pk, today=timezone.localdate()
        )
        log_read(actor, team, decision, object_type="organisations.team.members")
    return TeamView(team=team, decision=decision, members=members)


def areas_for(*, actor: Actor, municipality: Municipality) -> QuerySet[Area]:
    policy.require(actor, Action.VIEW, municipality)
    return Area.objects.filter(municipality=municipality).prefetch_related("teams")


def home_organisations_for(
    *, actor: Actor, municipality: Municipality
) -> QuerySet[HomeOrganisation]:
    policy.require(actor, Action.VIEW, municipality)
    return HomeOrganisation.objects.filter(municipality=municipality)


def municipality_for(*, actor: Actor) -> Municipality | None:
    """The municipality the actor works in (the first, when a person works for several)."""
    ids = sorted(policy.municipality_ids(actor))
    return Municipality.objects.filter(pk=ids[0]).first() if ids else None


def managed_municipality(*, actor: Actor) -> Municipality:
    municipality = policy.municipalities_managed_by(actor).order_by("pk").first()
    if municipality is None:
        raise policy.AccessDenied("not a functional administrator")
    return municipality
