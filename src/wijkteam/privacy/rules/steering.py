"""Access rules for steering (``wijkteam.steering``): aggregates only.

- Policy staff of a municipality read its aggregates (municipality, areas, teams), always
  through the small-number protection of ``steering.suppression``; never a household, never a
  name. There is no "steering group" role: members of a steering group who need the dashboard
  get the policy staff role in the municipality.
- The team leader reads the own team's figures, including per coordinator (the caseload and
  pitfall signals they already see on the caseload page).
- Both read the indicator definitions (``steering_read_definitions``): no personal data,
  but only for those who see the figures.
- Nobody else: team members, the functional administrator and the privacy officer get 404.
"""

from __future__ import annotations

from wijkteam.accounts.models import Role
from wijkteam.privacy import policy
from wijkteam.privacy.policy import NO_ACCESS, Action, Actor, Decision, ViewLevel

READ_AGGREGATES = "steering_read_aggregates"  # a municipality's protected aggregates
READ_TEAM = "steering_read_team"  # the own team's figures, per coordinator


@policy.scope_rule(READ_AGGREGATES)
def _aggregates_rule(actor: Actor, scope: policy.Scope) -> Decision:
    if scope.team is not None:
        return NO_ACCESS
    if Role.POLICY_STAFF not in policy.municipality_roles(actor, scope.municipality.pk):
        return NO_ACCESS
    actions = frozenset({READ_AGGREGATES, Action.VIEW})
    return Decision(ViewLevel.METADATA, actions, Role.POLICY_STAFF, scope.municipality.name)


@policy.scope_rule(READ_TEAM)
def _team_rule(actor: Actor, scope: policy.Scope) -> Decision:
    if scope.team is None:
        return NO_ACCESS
    membership = policy.team_membership(actor, scope.team.pk)
    if membership is None or membership.role != Role.TEAM_LEADER:
        return NO_ACCESS
    actions = frozenset({READ_TEAM, Action.VIEW})
    return Decision(ViewLevel.METADATA, actions, Role.TEAM_LEADER, scope.team.name)


READ_DEFINITIONS = "steering_read_definitions"  # what an indicator counts (no personal data)


@policy.scope_rule(READ_DEFINITIONS)
def _definitions_rule(actor: Actor, scope: policy.Scope) -> Decision:
    """The definitions are shown to whoever sees indicators in the municipality: its policy
    staff and the team leaders of its teams."""
    if scope.team is not None:
        return NO_ACCESS
    for membership in policy.active_memberships(actor):
        if membership.municipality_id != scope.municipality.pk:
            continue
        if (membership.team_id is None and membership.role == Role.POLICY_STAFF) or (
            membership.team_id and membership.role == Role.TEAM_LEADER
        ):
            actions = frozenset({READ_DEFINITIONS, Action.VIEW})
            return Decision(ViewLevel.METADATA, actions, membership.role, scope.municipality.name)
    return NO_ACCESS
