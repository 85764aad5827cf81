"""Access to household files: households, their trajectories, plans and notes.

Who sees what (the privacy issue adds consent, break-the-glass and protocol tuning later):
- involved professionals (coordinator or an active involvement) who work under professional
  secrecy: the FULL file and all casework actions;
- a team member or team leader of the owning team who is not involved: METADATA (the
  household's name and the phase only);
- a civil servant of the owning team: RESTRICTED (name, BSN and the kind of help; date of
  birth, phone and e-mail only when the municipality's protocol widens it; never notes, the
  conversation or plan details); they find the team's households by a search, not the list;
- everybody else (policy staff, privacy officer, functional administrator, other teams): NONE.
- a person who left the owning team (membership ended, none active there): NONE, even with an
  involvement left behind or memberships elsewhere in the municipality;
- under emergency access (privacy/emergency.py): FULL to read and write a note, in the role
  ``emergency_access``; never WORK (involvements, coordinator, plan, phases).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet, Value
from django.utils import timezone

from wijkteam.accounts.models import Membership, Role, SecrecyStatus, User
from wijkteam.casework.models import (
    Action as CaseAction,
)
from wijkteam.casework.models import (
    Conversation,
    Evaluation,
    Involvement,
    Note,
    Plan,
    Solution,
    Trajectory,
)
from wijkteam.households.models import Household
from wijkteam.privacy import policy
from wijkteam.privacy.models import ProtocolSettings
from wijkteam.privacy.policy import NO_ACCESS, Action, Actor, Decision, ViewLevel

# Actions on a household file (string constants, next to policy.Action.VIEW).
WORK = "casework_work"  # write notes, plans, actions, evaluations; change the phase
IDENTITY = "casework_identity"  # see members' identity (name, date of birth, BSN, contact)
WRITE_NOTE = "casework_write_note"  # add a note to the timeline (also under emergency access)
CONTACT = "casework_contact"  # members' date of birth, phone and e-mail (beyond name and BSN)
CASE_ROLES = (Role.TEAM_MEMBER, Role.TEAM_LEADER, Role.CIVIL_SERVANT)
CREATOR_ROLES = (Role.TEAM_MEMBER, Role.TEAM_LEADER)


def active_involvements(user: User | int, today: dt.date | None = None) -> QuerySet[Involvement]:
    """The person's (a user or their id) involvements running today (or on ``today``)."""
    today = today or timezone.localdate()
    return Involvement.objects.filter(user=user, valid_from__lte=today).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )


def involved_annotation(
    user: User | int, household_ref: str = "pk", today: dt.date | None = None
) -> Exists:
    """``Exists`` subquery: is the user actively involved in one of the household's trajectories?

    ``household_ref`` names the household's id in the outer query (``"household_id"`` when
    annotating a member)."""
    return Exists(
        active_involvements(user, today).filter(trajectory__household_id=OuterRef(household_ref))
    )


def remember_involvement(actor: Actor, household_id: int, involved: bool) -> None:
    """Keep a flag read with another query (e.g. a member's) where the rule looks first: the
    acting person's holdings for this request."""
    actor.holdings.involved[household_id] = involved


def with_involvement(
    queryset: QuerySet[Household], user: User | int, today: dt.date | None = None
) -> QuerySet[Household]:
    """Annotate the flag the rule needs, so deciding costs no extra query."""
    user_id = user if isinstance(user, int) else user.pk
    return queryset.annotate(
        actor_involved=involved_annotation(user_id, today=today),
        actor_involved_for=Value(user_id),
    )


def _is_involved(actor: Actor, household: Household) -> bool:
    """The request's holdings first, then :func:`with_involvement`'s annotation, then one query."""
    remembered = actor.holdings.involved.get(household.pk)
    if remembered is not None:
        return remembered
    if getattr(household, "actor_involved_for", None) == actor.user.pk:
        return bool(household.actor_involved)  # type: ignore[attr-defined]  # an annotation
    return active_involvements(actor.user).filter(trajectory__household_id=household.pk).exists()


def _has_secrecy(actor: Actor, membership: Membership | None, municipality_id: int) -> bool:
    if membership is not None:  # the membership in the owning team decides
        return membership.secrecy_status == SecrecyStatus.PROFESSIONAL_SECRECY
    return any(
        m.secrecy_status == SecrecyStatus.PROFESSIONAL_SECRECY
        and m.municipality_id == municipality_id
        for m in policy.active_memberships(actor)
    )


def household_decision(actor: Actor, household: Household) -> Decision:
    team = household.team
    membership: Membership | None = policy.team_membership(actor, household.team_id)
    in_team_roles = membership is not None and membership.role in CASE_ROLES
    if not in_team_roles and team.municipality_id not in policy.municipality_ids(actor):
        return NO_ACCESS
    if membership is None and household.team_id in policy.former_team_ids(actor):
        return NO_ACCESS  # left the owning team: an involvement left behind gives nothing
    involved = _is_involved(actor, household)
    if not involved:
        from wijkteam.privacy import emergency  # break the glass (privacy issue)

        if emergency.is_active(actor, household.pk) and emergency.may_request(actor, household):
            # Read, and write a note; never change who works on the file, the plan or the
            # phase: that would outlive the grant (an involvement added now keeps access).
            actions = frozenset({Action.VIEW, IDENTITY, CONTACT, WRITE_NOTE})
            return Decision(ViewLevel.FULL, actions, emergency.EMERGENCY_ROLE, team.name)
    if involved and _has_secrecy(actor, membership, team.municipality_id):
        role = membership.role if membership else "involved professional"
        actions = frozenset({Action.VIEW, WORK, IDENTITY, CONTACT, WRITE_NOTE})
        return Decision(ViewLevel.FULL, actions, role, team.name)
    if membership is None or membership.role not in CASE_ROLES:
        return NO_ACCESS
    if membership.role == Role.CIVIL_SERVANT:
        # Name, BSN and the kind of help; contact details only if the protocol widens it.
        restricted: set[str] = {Action.VIEW, IDENTITY}
        if _protocol(actor, membership).civil_servants_see_contact_details:
            restricted.add(CONTACT)
        return Decision(ViewLevel.RESTRICTED, frozenset(restricted), membership.role, team.name)
    if not _metadata_allowed(actor, membership):
        return NO_ACCESS
    return Decision(ViewLevel.METADATA, frozenset({Action.VIEW}), membership.role, team.name)


def _protocol(who: policy.Who, membership: Membership) -> ProtocolSettings:
    from wijkteam.privacy.protocol import cached_settings

    return cached_settings(who, membership.municipality_id)


def _metadata_allowed(who: policy.Who, membership: Membership) -> bool:
    """The information protocol's switches (tuned per municipality, only ever narrowing)."""
    settings_row = _protocol(who, membership)
    if membership.role == Role.TEAM_LEADER:
        return settings_row.leader_sees_caseload
    if membership.role == Role.TEAM_MEMBER:
        return settings_row.uninvolved_members_see_metadata
    return True


@policy.rule(Household)
def _household_rule(actor: Actor, household: Household) -> Decision:
    return household_decision(actor, household)


def _via_household(actor: Actor, household: Household, minimum: ViewLevel) -> Decision:
    decision = household_decision(actor, household)
    return decision if decision.level >= minimum else NO_ACCESS


@policy.rule(Trajectory)
def _trajectory_rule(actor: Actor, obj: Trajectory) -> Decision:
    # The phase is metadata: visible to everybody who sees the household at all.
    return _via_household(actor, obj.household, ViewLevel.METADATA)


@policy.rule(Plan)
def _plan_rule(actor: Actor, obj: Plan) -> Decision:
    return _via_household(actor, obj.household, ViewLevel.FULL)


@policy.rule(Note)
def _note_rule(actor: Actor, obj: Note) -> Decision:
    return _via_household(actor, obj.household, ViewLevel.FULL)


@policy.rule(CaseAction)
def _action_rule(actor: Actor, obj: CaseAction) -> Decision:
    return _via_household(actor, obj.plan.household, ViewLevel.FULL)


@policy.rule(Solution)
def _solution_rule(actor: Actor, obj: Solution) -> Decision:
    return _via_household(actor, obj.plan.household, ViewLevel.FULL)


@policy.rule(Conversation)
def _conversation_rule(actor: Actor, obj: Conversation) -> Decision:
    return _via_household(actor, obj.trajectory.household, ViewLevel.FULL)


@policy.rule(Evaluation)
def _evaluation_rule(actor: Actor, obj: Evaluation) -> Decision:
    return _via_household(actor, obj.trajectory.household, ViewLevel.FULL)


# Scope actions (``policy.decide_scope``): questions on a team, not on one household.
CREATE_HOUSEHOLD = "casework_create_household"  # register a household (and start its work)
SEE_CASELOAD = "casework_caseload"  # the team's open trajectories, metadata only
CASELOAD_PER_COORDINATOR = "casework_caseload_per_coordinator"  # the leader's view


@policy.scope_rule(CREATE_HOUSEHOLD)
def _create_household_rule(actor: Actor, scope: policy.Scope) -> Decision:
    """Team members and team leaders of the team who work under professional secrecy."""
    if scope.team is None:
        return NO_ACCESS
    membership = policy.team_membership(actor, scope.team.pk)
    if (
        membership is None
        or membership.role not in CREATOR_ROLES
        or membership.secrecy_status != SecrecyStatus.PROFESSIONAL_SECRECY
    ):
        return NO_ACCESS
    actions = frozenset({CREATE_HOUSEHOLD, WORK})
    return Decision(ViewLevel.FULL, actions, membership.role, scope.team.name)


@policy.scope_rule(SEE_CASELOAD)
def _caseload_rule(actor: Actor, scope: policy.Scope) -> Decision:
    """Every case role in the team sees the caseload's metadata (names and phases)."""
    if scope.team is None:
        return NO_ACCESS
    membership = policy.team_membership(actor, scope.team.pk)
    if membership is None or membership.role not in CASE_ROLES:
        return NO_ACCESS
    actions = {SEE_CASELOAD, Action.VIEW}
    if membership.role == Role.TEAM_LEADER:
        actions.add(CASELOAD_PER_COORDINATOR)  # the leader steers the load of the team
    return Decision(ViewLevel.METADATA, frozenset(actions), membership.role, scope.team.name)


def may_create_household(who: policy.Who, team_id: int) -> bool:
    """Shorthand for the CREATE_HOUSEHOLD scope decision (list pages loop over memberships)."""
    actor = policy.as_actor(who)
    membership = policy.team_membership(actor, team_id)
    if membership is None or membership.team is None:
        return False
    return policy.may_scope(
        actor,
        CREATE_HOUSEHOLD,
        team=membership.team,
        municipality=membership.municipality,  # loaded with the memberships: no extra query
    )


SEARCH_MIN_LENGTH = 3  # a civil servant's search needs this much of a name, or a whole BSN


def is_search(query: str) -> bool:
    """Whether a query is a search rather than browsing (for the search-only teams below):
    a whole BSN, or at least SEARCH_MIN_LENGTH characters of a name or an address."""
    query = query.strip()
    return len(query) >= SEARCH_MIN_LENGTH or (query.isdigit() and len(query) == 9)


def search_only_team_ids(who: policy.Who) -> list[int]:
    """Teams whose households the person finds only by a search (name or BSN), never by
    browsing the list: a civil servant's (duty to report)."""
    return [
        m.team_id
        for m in policy.active_memberships(who)
        if m.team_id and m.role == Role.CIVIL_SERVANT
    ]


def households_visible_to(who: policy.Who) -> QuerySet[Household]:
    """Households the user sees at any level: their teams' households, and those they work on.

    Filters on indexed columns only (household.team, involvement.user); no per-row checks.
    """
    actor = policy.as_actor(who)
    team_ids = [
        m.team_id
        for m in policy.active_memberships(actor)
        if m.team_id and m.role in CASE_ROLES and _metadata_allowed(actor, m)
    ]
    # The involved households as a list of ids, read now: ``team_id IN (...) OR id IN (1, 2,
    # ...)`` is two index lookups for PostgreSQL (a BitmapOr), while an OR with a subquery
    # made it filter every household of the city (docs/benchmark.md, "Household search").
    involved_ids = list(
        active_involvements(actor.user)
        .order_by()
        .values_list("trajectory__household_id", flat=True)
        .distinct()
    )
    visible = Household.objects.filter(Q(team_id__in=team_ids) | Q(pk__in=involved_ids))
    former = policy.former_team_ids(actor)
    return visible.exclude(team_id__in=former) if former else visible
