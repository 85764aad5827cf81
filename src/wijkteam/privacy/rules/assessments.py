"""Access to assessments (ZRM, participation ladder) and to the instruments.

A measurement is part of the household file, so the household decision (see ``casework``)
decides: only the FULL view (involved professionals under professional secrecy) sees or records
scores. The civil servant's RESTRICTED view and the METADATA view show nothing of them;
everybody else gets NONE (a 404).

Instruments are not personal data, but they have an owner. The shipped instruments
(``municipality`` empty: ZRM 2013/2017, participation ladder) are read by everybody with an
active membership and changed by nobody through the application: their licensed criteria
texts are loaded by the installation's operator (``wijkteam assessments_load_criteria``).
An instrument of a municipality is seen only by people with a membership in that
municipality and managed only by its functional administrators, so that in a shared
installation one municipality can neither see nor change another's instruments.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q, QuerySet

from wijkteam.accounts.models import Membership, Role
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


def _role(memberships: Sequence[Membership]) -> str:
    return sorted(m.role for m in memberships)[0]


@policy.rule(Instrument)
def _instrument_rule(actor: Actor, obj: Instrument) -> Decision:
    memberships = policy.active_memberships(actor)
    if obj.municipality_id is None:  # shipped: the same for everybody, changed by nobody
        if not memberships:
            return NO_ACCESS
        return Decision(ViewLevel.FULL, frozenset({Action.VIEW}), _role(memberships), "")
    own = [m for m in memberships if m.municipality_id == obj.municipality_id]
    if not own:
        return NO_ACCESS
    behalf = own[0].municipality.name
    if Role.FUNCTIONAL_ADMIN in policy.municipality_roles(actor, obj.municipality_id):
        actions = frozenset({Action.VIEW, MANAGE_INSTRUMENTS})
        return Decision(ViewLevel.FULL, actions, Role.FUNCTIONAL_ADMIN, behalf)
    return Decision(ViewLevel.FULL, frozenset({Action.VIEW}), _role(own), behalf)


def instruments_visible_to(who: policy.Who) -> QuerySet[Instrument]:
    """The shipped instruments and those of the municipalities the person works in."""
    if not policy.active_memberships(who):
        return Instrument.objects.none()
    return Instrument.objects.filter(
        Q(municipality__isnull=True) | Q(municipality_id__in=policy.municipality_ids(who))
    )


def may_score_with(household: Household, instrument: Instrument) -> bool:
    """Shipped instruments score every household; a municipality's own instruments only the
    households of that municipality (no query for a shipped instrument)."""
    return (
        instrument.municipality_id is None
        or instrument.municipality_id == household.team.municipality_id
    )


def instruments_for_household(household: Household) -> QuerySet[Instrument]:
    """What a household may be scored with: the shipped instruments and its own
    municipality's (the municipality of the team that owns the file)."""
    return Instrument.objects.filter(
        Q(municipality__isnull=True) | Q(municipality_id=household.team.municipality_id)
    )
