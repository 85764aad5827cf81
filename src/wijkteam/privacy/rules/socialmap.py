"""Access rules of the social map.

The social map is not personal data: everybody working in the municipality may read it; the
functional administrator and team leaders maintain it. Other municipalities see nothing.
"""

from __future__ import annotations

from wijkteam.accounts.models import Role
from wijkteam.organisations.models import Municipality
from wijkteam.privacy import policy
from wijkteam.privacy.policy import NO_ACCESS, Action, Actor, Decision, ViewLevel
from wijkteam.socialmap.models import ImportJob, Provider, Referral, Service, ServiceStatus

EDIT_SOCIAL_MAP = "edit_social_map"
READ_SOCIAL_MAP = "socialmap_read"  # read (and export) this municipality's social map
PROPOSE_SERVICE = "socialmap_propose_service"
EDITOR_ROLES = frozenset({Role.FUNCTIONAL_ADMIN, Role.TEAM_LEADER})


def social_map_decision(actor: Actor, municipality_id: int) -> Decision:
    roles = {
        m.role for m in policy.active_memberships(actor) if m.municipality_id == municipality_id
    }
    if not roles:
        return NO_ACCESS
    editor = sorted(roles & EDITOR_ROLES)
    if editor:
        return Decision(ViewLevel.FULL, frozenset({Action.VIEW, EDIT_SOCIAL_MAP}), editor[0], "")
    return Decision(ViewLevel.FULL, frozenset({Action.VIEW}), sorted(roles)[0], "")


@policy.scope_rule(EDIT_SOCIAL_MAP)
def _edit_social_map_rule(actor: Actor, scope: policy.Scope) -> Decision:
    """Maintain this municipality's social map: functional administrators and team leaders."""
    return social_map_decision(actor, scope.municipality.pk)


@policy.scope_rule(READ_SOCIAL_MAP)
def _read_social_map_rule(actor: Actor, scope: policy.Scope) -> Decision:
    """Read this municipality's social map: everybody working in the municipality."""
    decision = social_map_decision(actor, scope.municipality.pk)
    if not decision.allowed:
        return decision
    actions = decision.actions | {READ_SOCIAL_MAP}
    return Decision(decision.level, actions, decision.role, decision.on_behalf_of)


@policy.rule(Provider)
def _provider_rule(actor: Actor, obj: Provider) -> Decision:
    return social_map_decision(actor, obj.municipality_id)


@policy.scope_rule(PROPOSE_SERVICE)
def _propose_service_rule(actor: Actor, scope: policy.Scope) -> Decision:
    """Propose a service for this municipality's social map: everybody with a role in one of
    its teams (an editor then approves or rejects it)."""
    memberships = [
        m
        for m in policy.active_memberships(actor)
        if m.municipality_id == scope.municipality.pk and m.team_id is not None
    ]
    if not memberships:
        return NO_ACCESS
    role = sorted(m.role for m in memberships)[0]
    return Decision(ViewLevel.FULL, frozenset({Action.VIEW, PROPOSE_SERVICE}), role, "")


@policy.rule(Service)
def _service_rule(actor: Actor, obj: Service) -> Decision:
    """A proposed or rejected service: its proposer and the editors only."""
    decision = social_map_decision(actor, obj.municipality_id)
    if obj.status == ServiceStatus.APPROVED or EDIT_SOCIAL_MAP in decision.actions:
        return decision
    if obj.proposed_by_id is not None and obj.proposed_by_id == actor.user.pk:
        return Decision(ViewLevel.FULL, frozenset({Action.VIEW}), decision.role, "")
    return NO_ACCESS


@policy.rule(ImportJob)
def _import_job_rule(actor: Actor, obj: ImportJob) -> Decision:
    decision = social_map_decision(actor, obj.municipality_id)
    if obj.created_by_id != actor.user.pk or EDIT_SOCIAL_MAP not in decision.actions:
        return NO_ACCESS
    return decision


def social_map_municipality(actor: Actor) -> Municipality | None:
    ids = sorted(policy.municipality_ids(actor))
    return Municipality.objects.filter(pk=ids[0]).first() if ids else None


@policy.rule(Referral)
def _referral_rule(actor: Actor, obj: Referral) -> Decision:
    # Referrals are personal data: whoever may see the solution (the household's file) sees it.
    return policy.decide(actor, obj.solution)
