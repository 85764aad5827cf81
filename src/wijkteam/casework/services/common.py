"""Shared by the casework services: the conflict error, the phase rules, access checks.

``ConflictError`` lives in core/conflicts.py (every app's edit forms share it).

Every service checks its preconditions, asks the policy for the right to work on the
household file, and records the change in the access log inside its transaction.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wijkteam.accounts.models import SecrecyStatus
from wijkteam.casework.models import (
    Phase,
    Trajectory,
)
from wijkteam.core.conflicts import ConflictError
from wijkteam.households.models import Household
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Actor, Decision
from wijkteam.privacy.rules import casework as rules

__all__ = ["ALLOWED_TRANSITIONS", "ConflictError"]


# Forward steps, plus the explicit back-steps: evaluation -> support (more support needed)
# and monitoring -> support (the pilot light flares up). Closing goes through trajectory_close.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Phase.ANALYSIS: frozenset({Phase.PLAN}),
    Phase.PLAN: frozenset({Phase.SUPPORT}),
    Phase.SUPPORT: frozenset({Phase.EVALUATION}),
    Phase.EVALUATION: frozenset({Phase.MONITORING, Phase.SUPPORT}),
    Phase.MONITORING: frozenset({Phase.SUPPORT}),
    Phase.CLOSED: frozenset(),
}


def _work(actor: Actor, household: Household) -> Decision:
    return policy.require(actor, rules.WORK, household)


def _open(trajectory: Trajectory) -> None:
    if trajectory.phase == Phase.CLOSED:
        raise ValidationError(_("This trajectory is closed."))


def _check_team_professional(household: Household, who: policy.Who) -> None:
    membership = policy.team_membership(who, household.team_id)
    if membership is None or membership.secrecy_status != SecrecyStatus.PROFESSIONAL_SECRECY:
        raise ValidationError(
            {
                "coordinator": _(
                    "The coordinator must be a professional (with professional secrecy) in the team."
                )
            }
        )
