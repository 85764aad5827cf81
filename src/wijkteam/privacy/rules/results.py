"""Access rules for the result logic (``wijkteam.results``): no personal data, but the
municipality's own.

- ``results_read`` and ``results_comment`` (municipality): the professionals who work with
  it read the result logic and comment on its elements: team members and team leaders of any
  team of the municipality, and its policy staff. Civil servants in a team, the functional
  administrator and the privacy officer do not (404).
- ``results_edit`` (municipality): policy staff build and change it (new versions, elements,
  links, observations, the steering group's period reading). There is no separate "steering
  group" role: its members get the policy staff role, as for steering.
- Indicator figures shown next to an element come from steering's protected selectors, which
  ask their own scope (``steering_read_aggregates``): a professional sees the logic without
  them. Nothing ranks or names a professional.
"""

from __future__ import annotations

from wijkteam.accounts.models import Role
from wijkteam.privacy import policy
from wijkteam.privacy.policy import NO_ACCESS, Action, Actor, Decision, ViewLevel

READ = "results_read"
COMMENT = "results_comment"
EDIT = "results_edit"

_PROFESSIONAL_ROLES = frozenset({Role.TEAM_MEMBER, Role.TEAM_LEADER})


def _role_in(actor: Actor, scope: policy.Scope) -> str | None:
    """Policy staff of the municipality first, else a professional role in one of its teams."""
    if scope.team is not None:
        return None
    roles = policy.municipality_roles(actor, scope.municipality.pk)
    if Role.POLICY_STAFF in roles:
        return str(Role.POLICY_STAFF)
    for membership in policy.active_memberships(actor):
        if (
            membership.team_id
            and membership.municipality_id == scope.municipality.pk
            and membership.role in _PROFESSIONAL_ROLES
        ):
            return str(membership.role)
    return None


def _decision(actor: Actor, scope: policy.Scope, *, edit: bool) -> Decision:
    role = _role_in(actor, scope)
    if role is None or (edit and role != Role.POLICY_STAFF):
        return NO_ACCESS
    actions = {READ, COMMENT, Action.VIEW}
    if role == Role.POLICY_STAFF:
        actions.add(EDIT)
    return Decision(ViewLevel.METADATA, frozenset(actions), role, scope.municipality.name)


@policy.scope_rule(READ)
def _read_rule(actor: Actor, scope: policy.Scope) -> Decision:
    return _decision(actor, scope, edit=False)


@policy.scope_rule(COMMENT)
def _comment_rule(actor: Actor, scope: policy.Scope) -> Decision:
    return _decision(actor, scope, edit=False)


@policy.scope_rule(EDIT)
def _edit_rule(actor: Actor, scope: policy.Scope) -> Decision:
    return _decision(actor, scope, edit=True)
