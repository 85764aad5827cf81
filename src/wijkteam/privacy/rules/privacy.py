"""Access rules of the privacy app itself: who supervises the access log.

Scope ``privacy_supervise`` (a municipality): its privacy officer searches, exports and
downloads the anchors of the access log of the people who work (or worked) there, and sees
the refusal bursts. Nobody else, not the functional administrator either (404).
"""

from __future__ import annotations

from wijkteam.accounts.models import Role, SecrecyStatus
from wijkteam.privacy import policy
from wijkteam.privacy.policy import NO_ACCESS, Action, Actor, Decision, ViewLevel

SUPERVISE = "privacy_supervise"


@policy.scope_rule(SUPERVISE)
def _supervise_rule(actor: Actor, scope: policy.Scope) -> Decision:
    if scope.team is not None:
        return NO_ACCESS
    if Role.PRIVACY_OFFICER not in policy.municipality_roles(actor, scope.municipality.pk):
        return NO_ACCESS
    actions = frozenset({SUPERVISE, Action.VIEW})
    return Decision(ViewLevel.FULL, actions, Role.PRIVACY_OFFICER, scope.municipality.name)


REVIEW_EMERGENCY = "privacy_review_emergency"


@policy.scope_rule(REVIEW_EMERGENCY)
def _review_emergency_rule(actor: Actor, scope: policy.Scope) -> Decision:
    """Who reviews emergency access (break the glass): on a team its team leader, on a
    municipality its privacy officer. Each acknowledges separately, in that role."""
    if scope.team is not None:
        if not any(
            m.role == Role.TEAM_LEADER and m.team_id == scope.team.pk
            for m in policy.active_memberships(actor)
        ):
            return NO_ACCESS
        actions = frozenset({REVIEW_EMERGENCY, Action.VIEW})
        return Decision(ViewLevel.METADATA, actions, Role.TEAM_LEADER, scope.team.name)
    if Role.PRIVACY_OFFICER not in policy.municipality_roles(actor, scope.municipality.pk):
        return NO_ACCESS
    actions = frozenset({REVIEW_EMERGENCY, Action.VIEW})
    return Decision(ViewLevel.METADATA, actions, Role.PRIVACY_OFFICER, scope.municipality.name)


def emergency_review_scopes(actor: Actor) -> tuple[list[int], list[int]]:
    """The teams and municipalities whose emergency access the person reviews (the rule
    above, asked for each place the person works)."""
    teams = [t.pk for t in policy.teams_where(actor, REVIEW_EMERGENCY)]
    municipalities = [m.pk for m in policy.municipalities_where(actor, REVIEW_EMERGENCY)]
    return teams, municipalities


BREAK_GLASS = "privacy_break_glass"


@policy.scope_rule(BREAK_GLASS)
def _break_glass_rule(actor: Actor, scope: policy.Scope) -> Decision:
    """Who may ask for emergency access to a household of a team: its team members and team
    leader with professional secrecy (never a civil servant, never another team). What the
    grant then allows is in ``rules/casework.py`` (read and write a note, nothing more)."""
    if scope.team is None:
        return NO_ACCESS
    membership = policy.team_membership(actor, scope.team.pk)
    if (
        membership is None
        or membership.role not in (Role.TEAM_MEMBER, Role.TEAM_LEADER)
        or membership.secrecy_status != SecrecyStatus.PROFESSIONAL_SECRECY
    ):
        return NO_ACCESS
    actions = frozenset({BREAK_GLASS})
    return Decision(ViewLevel.METADATA, actions, membership.role, scope.team.name)
