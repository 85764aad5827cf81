"""Access rules for what belongs to one person only (``wijkteam.accounts``).

Kept input (``Draft``): what a person typed and could not save is theirs alone. Nobody else
reads or discards it — not a colleague, team leader, administrator or privacy officer (the
access log shows that it was kept, read and discarded, never its text). The same holds for
personal API tokens (``ApiToken``).
"""

from __future__ import annotations

from wijkteam.accounts.models import ApiToken, Draft
from wijkteam.privacy import policy
from wijkteam.privacy.policy import NO_ACCESS, Action, Actor, Decision, ViewLevel

DISCARD_DRAFT = "discard_draft"
REVOKE_TOKEN = "revoke_token"


@policy.rule(Draft)
def _draft_rule(actor: Actor, draft: Draft) -> Decision:
    if draft.user_id != actor.user.pk:
        return NO_ACCESS
    return Decision(ViewLevel.FULL, frozenset({Action.VIEW, DISCARD_DRAFT}), "self", "")


@policy.rule(ApiToken)
def _api_token_rule(actor: Actor, token: ApiToken) -> Decision:
    """A personal API token is its owner's alone to see and revoke."""
    if token.user_id != actor.user.pk:
        return NO_ACCESS
    return Decision(ViewLevel.FULL, frozenset({Action.VIEW, REVOKE_TOKEN}), "self", "")
