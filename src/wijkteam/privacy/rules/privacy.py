"""Access rules of the privacy app itself: who supervises the access log.

Scope ``privacy_supervise`` (a municipality): its privacy officer searches, exports and
downloads the anchors of the access log of the people who work (or worked) there, and sees
the refusal bursts. Nobody else, not the functional administrator either (404).
"""

from __future__ import annotations

from wijkteam.accounts.models import Role
from wijkteam.privacy import policy
from wijkteam.privacy.policy import NO_ACCESS, Action, Actor, Decision, ViewLevel

SUPERVISE = "privacy_supervise"


@policy.scope_rule(SUPERVISE)
def _supervise_rule(actor: Actor, scope: policy.Scope) -> Decision:
    if scope.team is not None:
        return NO_ACCESS
    if Role.PRIVACY_OFFICER not in policy.municipality_roles(actor.user, scope.municipality.pk):
        return NO_ACCESS
    actions = frozenset({SUPERVISE, Action.VIEW})
    return Decision(ViewLevel.FULL, actions, Role.PRIVACY_OFFICER, scope.municipality.name)
