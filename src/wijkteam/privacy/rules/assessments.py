"""Access to assessments (ZRM, participation ladder) and to the instruments.

A measurement is part of the household file, so the household decision (see ``casework``)
decides: only the FULL view (involved professionals under professional secrecy) sees or records
scores. The civil servant's RESTRICTED view and the METADATA view show nothing of them;
everybody else gets NONE (a 404).

Instruments are not personal data: everybody with an active membership may read them (they
are shared by all municipalities of an installation); a functional administrator manages them.
"""

from __future__ import annotations

from wijkteam.accounts.models import Role
from wijkteam.assessments.models import Instrument, Measurement
from wijkteam.households.models import Household
from wijkteam.privacy import policy
from wijkteam.privacy.policy import NO_ACCESS, Action, Actor, Decision, ViewLevel
from wijkteam.privacy.rules.casework import WORK, household_decision

RECORD = "assessments_record"  # record or delete a measurement of a member
MANAGE_INSTRUMENTS = "assessments_manage_instruments"


def assessment_decision(actor: Actor, household: Household) -> Decision:
    """The view on the assessments of one household: FULL or nothing."""
    decision = household_decision(actor, household)
    if decision.level < ViewLevel.FULL:
        return NO_ACCESS
    actions: set[str] = {Action.VIEW}
    if WORK in decision.actions:
        actions.add(RECORD)
    return Decision(ViewLevel.FULL, frozenset(actions), decision.role, decision.on_behalf_of)


@policy.rule(Measurement)
def _measurement_rule(actor: Actor, obj: Measurement) -> Decision:
    return assessment_decision(actor, obj.member.household)


@policy.rule(Instrument)
def _instrument_rule(actor: Actor, obj: Instrument) -> Decision:
    memberships = policy.active_memberships(actor.user)
    if not memberships:
        return NO_ACCESS
    if any(m.role == Role.FUNCTIONAL_ADMIN for m in memberships):
        actions = frozenset({Action.VIEW, MANAGE_INSTRUMENTS})
        return Decision(ViewLevel.FULL, actions, Role.FUNCTIONAL_ADMIN, "")
    return Decision(
        ViewLevel.FULL, frozenset({Action.VIEW}), sorted(m.role for m in memberships)[0]
    )
