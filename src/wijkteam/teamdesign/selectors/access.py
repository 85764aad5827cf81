"""Which teams a person may see, and a team's design with the policy's decision."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from wijkteam.organisations.models import Team
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Action, Actor, Decision
from wijkteam.privacy.rules.teamdesign import (
    EDIT_DESIGN,
    FREEZE_DESIGN,
    READ_ALL_DESIGNS,
    TEAM_DESIGN,
)
from wijkteam.teamdesign.models import TeamDesign
from wijkteam.teamdesign.services.instrument import instrument_current


@dataclass(frozen=True)
class DesignAccess:
    team: Team
    design: TeamDesign  # unsaved when the team has not started yet
    decision: Decision

    @property
    def started(self) -> bool:
        return self.design.pk is not None

    @property
    def can_edit(self) -> bool:
        return EDIT_DESIGN in self.decision.actions

    @property
    def can_freeze(self) -> bool:
        return FREEZE_DESIGN in self.decision.actions


def teams_for_home(*, actor: Actor) -> QuerySet[Team]:
    """Teams whose design this person may read: their own teams; all teams for policy staff."""
    own = [t.pk for t in policy.teams_where(actor, TEAM_DESIGN)]
    wide = [m.pk for m in policy.municipalities_where(actor, READ_ALL_DESIGNS)]
    teams = Team.objects.filter(pk__in=own) | Team.objects.filter(municipality_id__in=wide)
    return teams.filter(is_active=True).select_related("design").order_by("name").distinct()


def design_for_team(*, actor: Actor, team_id: int, action: str = Action.VIEW) -> DesignAccess:
    """The team's design (or an unsaved one when not started); raises AccessDenied."""
    team = Team.objects.filter(pk=team_id).select_related("municipality").first()
    if team is None:
        raise policy.AccessDenied("no such team")
    # A scope decision on the team: the same answer before and after a design is started.
    decision = policy.require_scope(actor, TEAM_DESIGN, team=team)
    if action not in decision.actions:
        raise policy.AccessDenied(f"{action} on the design of team {team.pk}")
    design = TeamDesign.objects.filter(team=team).select_related("instrument", "team").first()
    if design is None:  # shown as "not started"; never saved here
        design = TeamDesign(
            team=team, instrument=instrument_current(municipality=team.municipality)
        )
    return DesignAccess(team=team, design=design, decision=decision)
