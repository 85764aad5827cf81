"""Access rules for team design (``wijkteam.teamdesign``).

Team design describes a team, its area and its way of working; it holds no client data.

- Members of the team (team members, civil servants in the team) and its team leader read
  and edit the team's design; only the team leader freezes a version.
- Policy staff of the municipality read designs (to learn from them), never edit.
- The functional administrator manages the instruments (questions, rules, pitfalls,
  competences), not the teams' answers: designs are the team's own reflection, so the
  administrator gets no access to them (404), just like the privacy officer and members of
  other teams.
"""

from __future__ import annotations

from wijkteam.accounts.models import Role
from wijkteam.organisations.models import Team
from wijkteam.privacy import policy
from wijkteam.privacy.policy import NO_ACCESS, Action, Actor, Decision, ViewLevel
from wijkteam.teamdesign.models import DesignInstrument, TeamDesign

EDIT_DESIGN = "edit_design"
FREEZE_DESIGN = "freeze_design"
TEAM_DESIGN = "teamdesign_design"  # scope (team): the team's design, started or not


@policy.rule(TeamDesign)
def _team_design_rule(actor: Actor, design: TeamDesign) -> Decision:
    return _design_decision(actor, design.team)


@policy.scope_rule(TEAM_DESIGN)
def _team_design_scope_rule(actor: Actor, scope: policy.Scope) -> Decision:
    """The same as for a saved design, also before the team has started one."""
    if scope.team is None:
        return NO_ACCESS
    decision = _design_decision(actor, scope.team)
    if not decision.allowed:
        return decision
    actions = decision.actions | {TEAM_DESIGN}
    return Decision(decision.level, actions, decision.role, decision.on_behalf_of)


def _design_decision(actor: Actor, team: Team) -> Decision:
    membership = policy.team_membership(actor, team.pk)
    if membership is not None:
        actions = {Action.VIEW, EDIT_DESIGN}
        if membership.role == Role.TEAM_LEADER:
            actions.add(FREEZE_DESIGN)
        return Decision(ViewLevel.FULL, frozenset(actions), membership.role, team.name)
    if Role.POLICY_STAFF in policy.municipality_roles(actor, team.municipality_id):
        return Decision(ViewLevel.FULL, frozenset({Action.VIEW}), Role.POLICY_STAFF, team.name)
    return NO_ACCESS


@policy.rule(DesignInstrument)
def _instrument_rule(actor: Actor, instrument: DesignInstrument) -> Decision:
    """Administrators see the shipped version and manage their own municipality's versions."""
    admin_of = {
        m.municipality_id
        for m in policy.active_memberships(actor)
        if m.team_id is None and m.role == Role.FUNCTIONAL_ADMIN
    }
    if not admin_of:
        return NO_ACCESS
    if instrument.municipality_id is None:
        return Decision(ViewLevel.FULL, frozenset({Action.VIEW}), Role.FUNCTIONAL_ADMIN, "")
    if instrument.municipality_id in admin_of:
        return Decision(
            ViewLevel.FULL, frozenset({Action.VIEW, Action.MANAGE}), Role.FUNCTIONAL_ADMIN, ""
        )
    return NO_ACCESS


READ_ALL_DESIGNS = "teamdesign_read_all"  # every team's design in a municipality


@policy.scope_rule(READ_ALL_DESIGNS)
def _read_all_designs_rule(actor: Actor, scope: policy.Scope) -> Decision:
    """Policy staff follow the design of every team of their municipality (read only)."""
    if scope.team is not None:
        return NO_ACCESS
    if Role.POLICY_STAFF not in policy.municipality_roles(actor, scope.municipality.pk):
        return NO_ACCESS
    actions = frozenset({READ_ALL_DESIGNS, Action.VIEW})
    return Decision(ViewLevel.FULL, actions, Role.POLICY_STAFF, scope.municipality.name)
