"""The one access policy of Wijkteam.

Every question "may this person do this action on this object, and with what view?" is
answered here and nowhere else. Selectors and API views call :func:`decide`, :func:`may`,
:func:`require` or one of the ``*_visible_to`` QuerySet filters; views never decide access
themselves.

A rule is registered per object type with :func:`rule`. It receives the acting
:class:`Actor` and the object and returns a :class:`Decision`: a view level, the actions
allowed, and the role and team on whose behalf the access happens (these two go into the
access log). Later capabilities (casework, privacy protocol, emergency access, consent) add
rules and inputs here.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from wijkteam.accounts.models import Membership, Role, User
from wijkteam.organisations.models import Area, HomeOrganisation, Municipality, Team


class ViewLevel(enum.IntEnum):
    NONE = 0
    METADATA = 1
    RESTRICTED = 2
    FULL = 3


class Action(enum.StrEnum):
    VIEW = "view"  # see the object at its view level
    VIEW_MEMBERS = "view_members"  # see the people in a team (function, FTE, organisation)
    MANAGE = "manage"  # change configuration (functional administrator)
    INVITE = "invite"  # invite people into a team or the municipality


class AccessDenied(Exception):
    """The actor may not do this. Views turn it into a 404 so outsiders learn nothing."""


@dataclass(frozen=True)
class Actor:
    """Who is acting, from where, and for what purpose (all of it goes into the access log)."""

    user: User
    ip_address: str | None = None
    purpose: str = "casework"

    @classmethod
    def from_request(cls, request: HttpRequest, purpose: str = "casework") -> Actor:
        user = request.user
        assert isinstance(user, User), "Actor needs a logged-in person"
        return cls(user=user, ip_address=client_ip(request), purpose=purpose)


@dataclass(frozen=True)
class Decision:
    level: ViewLevel
    actions: frozenset[str] = field(default_factory=frozenset)
    role: str = ""
    on_behalf_of: str = ""

    @property
    def allowed(self) -> bool:
        return self.level > ViewLevel.NONE


NO_ACCESS = Decision(ViewLevel.NONE)

# The role of a read or note under a grant of emergency access ("break the glass"): not a
# membership role, but a role of its own in the access log, so every read during the grant
# is visible as such (privacy/emergency.py).
EMERGENCY_ACCESS_ROLE = "emergency_access"


def role_label(value: str) -> str:
    """The person-facing name of a role in the access log (membership roles and our own)."""
    from django.utils.translation import gettext

    labels = {
        **{str(choice.value): str(choice.label) for choice in Role},
        EMERGENCY_ACCESS_ROLE: gettext("Emergency access"),
        "emergency access": gettext("Emergency access"),  # rows written before 2026-12
    }
    return ", ".join(labels.get(part, part) for part in value.split(","))


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR is set by the WSGI server; behind a proxy the proxy must set it correctly.
    addr = request.META.get("REMOTE_ADDR")
    return str(addr) if addr else None


# --- what the actor holds ---------------------------------------------------------------


def active_memberships(user: User) -> list[Membership]:
    """The person's active memberships, loaded once per request and cached on the user."""
    cached: list[Membership] | None = getattr(user, "_wijkteam_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.active()
            .filter(user=user, user__is_active=True)
            .select_related("team", "municipality")
        )
        user._wijkteam_memberships = cached  # type: ignore[attr-defined]
    return cached


def forget_cached_memberships(user: User) -> None:
    for name in ("_wijkteam_memberships", "_wijkteam_former_teams"):
        if hasattr(user, name):
            delattr(user, name)


def former_team_ids(user: User) -> frozenset[int]:
    """Teams the person has left: a membership there ended and none is active now.

    A leaver reads nothing of that team any more, whatever else they hold.
    Loaded once per request and cached on the user, like the active memberships."""
    cached: frozenset[int] | None = getattr(user, "_wijkteam_former_teams", None)
    if cached is None:
        ended = Membership.objects.filter(
            user=user, team__isnull=False, valid_until__lt=timezone.localdate()
        ).values_list("team_id", flat=True)
        active = {m.team_id for m in active_memberships(user) if m.team_id}
        cached = frozenset(team_id for team_id in ended if team_id not in active)
        user._wijkteam_former_teams = cached  # type: ignore[attr-defined]
    return cached


def team_membership(user: User, team_id: int) -> Membership | None:
    for membership in active_memberships(user):
        if membership.team_id == team_id:
            return membership
    return None


def municipality_roles(user: User, municipality_id: int) -> set[str]:
    return {
        m.role
        for m in active_memberships(user)
        if m.team_id is None and m.municipality_id == municipality_id
    }


def municipality_ids(user: User) -> set[int]:
    return {m.municipality_id for m in active_memberships(user)}


def has_role(user: User, role: str) -> bool:
    return any(m.role == role for m in active_memberships(user))


# --- rules ------------------------------------------------------------------------------

_M = TypeVar("_M", bound=Model)
_RULES: dict[type[Model], Callable[[Actor, Any], Decision]] = {}


def rule(
    model: type[_M],
) -> Callable[[Callable[[Actor, _M], Decision]], Callable[[Actor, _M], Decision]]:
    def register(func: Callable[[Actor, _M], Decision]) -> Callable[[Actor, _M], Decision]:
        _RULES[model] = func
        return func

    return register


def decide(actor: Actor, obj: Model) -> Decision:
    """The policy's answer for this actor and object. Unknown object types are denied."""
    rule_func = _RULES.get(type(obj))
    known = actor.user.is_active and rule_func is not None
    decision = rule_func(actor, obj) if known and rule_func else NO_ACCESS
    if not decision.allowed:
        _note_refusal(actor, obj._meta.label_lower, obj.pk, decision)
    return decision


def view_level(actor: Actor, obj: Model) -> ViewLevel:
    return decide(actor, obj).level


def may(actor: Actor, action: str, obj: Model) -> bool:
    decision = decide(actor, obj)
    return decision.allowed and action in decision.actions


def require(actor: Actor, action: str, obj: Model) -> Decision:
    decision = decide(actor, obj)
    if not (decision.allowed and action in decision.actions):
        if decision.allowed:  # seen, but not this action (a NONE was noted by decide)
            _note_refusal(actor, obj._meta.label_lower, obj.pk, decision, action)
        raise AccessDenied(f"{action} on {type(obj).__name__}")
    return decision


def registered_types() -> Iterable[type[Model]]:
    return tuple(_RULES)


# --- scope decisions (an action on a team or a municipality, not on one object) -------------


@dataclass(frozen=True)
class Scope:
    """Where a scope action happens: a team (and its municipality) or a whole municipality."""

    municipality: Municipality
    team: Team | None = None


ScopeRule = Callable[[Actor, Scope], Decision]
_SCOPE_RULES: dict[str, ScopeRule] = {}


def scope_rule(action: str) -> Callable[[ScopeRule], ScopeRule]:
    """Register the rule for one scope action (e.g. ``"casework_create_household"``).

    The rule receives the actor and the :class:`Scope` and returns a :class:`Decision` whose
    ``actions`` contain ``action`` when it is allowed; its role and ``on_behalf_of`` go into
    the access log, as for object rules. One rule per action: registering twice is an error.
    """

    def register(func: ScopeRule) -> ScopeRule:
        if action in _SCOPE_RULES and _SCOPE_RULES[action] is not func:
            raise RuntimeError(f"scope action {action!r} already has a rule")
        _SCOPE_RULES[action] = func
        return func

    return register


def decide_scope(
    actor: Actor,
    action: str,
    *,
    team: Team | None = None,
    municipality: Municipality | None = None,
) -> Decision:
    """The policy's answer for ``action`` on a scope: a team or a municipality.

    For questions that have no single object: "create a household in this team", "see this
    team's caseload", "edit this municipality's social map", "read this municipality's
    aggregates". Pass ``team`` (its municipality is implied; pass it too when it is loaded
    already, to save the query) or ``municipality``. Unknown
    actions, inactive accounts and a team outside the given municipality are denied. The
    returned decision is allowed for ``action`` only when ``action in decision.actions``:
    use :func:`may_scope` / :func:`require_scope` rather than testing ``level`` alone.
    """
    if not actor.user.is_active:
        return NO_ACCESS
    if team is not None:
        if municipality is None:
            municipality = team.municipality
        elif team.municipality_id != municipality.pk:
            return NO_ACCESS
    if municipality is None:
        raise TypeError("decide_scope needs a team or a municipality")
    rule_func = _SCOPE_RULES.get(action)
    if rule_func is None:
        return NO_ACCESS
    return rule_func(actor, Scope(municipality=municipality, team=team))


def _note_scope_refusal(
    actor: Actor, action: str, team: Team | None, municipality: Municipality | None
) -> None:
    if team is not None:
        _note_refusal(actor, "organisations.team", team.pk, NO_ACCESS, action)
    elif municipality is not None:
        _note_refusal(actor, "organisations.municipality", municipality.pk, NO_ACCESS, action)


def may_scope(
    actor: Actor,
    action: str,
    *,
    team: Team | None = None,
    municipality: Municipality | None = None,
) -> bool:
    decision = decide_scope(actor, action, team=team, municipality=municipality)
    return decision.allowed and action in decision.actions


def require_scope(
    actor: Actor,
    action: str,
    *,
    team: Team | None = None,
    municipality: Municipality | None = None,
) -> Decision:
    """Like :func:`decide_scope`, but raises :class:`AccessDenied` when not allowed."""
    decision = decide_scope(actor, action, team=team, municipality=municipality)
    if not (decision.allowed and action in decision.actions):
        _note_scope_refusal(actor, action, team, municipality)
        where = (
            f"team {team.pk}"
            if team is not None
            else f"municipality {municipality and municipality.pk}"
        )
        raise AccessDenied(f"{action} on {where}")
    return decision


def municipalities_where(actor: Actor, action: str) -> list[Municipality]:
    """The person's municipalities where the policy allows the scope action (for a menu or a
    list of places to choose from). No queries beyond the cached memberships."""
    seen: dict[int, Municipality] = {}
    for membership in active_memberships(actor.user):
        seen.setdefault(membership.municipality_id, membership.municipality)
    return [m for m in seen.values() if may_scope(actor, action, municipality=m)]


def teams_where(actor: Actor, action: str) -> list[Team]:
    """The person's teams where the policy allows the scope action."""
    seen: dict[int, Membership] = {}
    for membership in active_memberships(actor.user):
        if membership.team_id and membership.team is not None:
            seen.setdefault(membership.team_id, membership)
    return [
        m.team  # type: ignore[misc]
        for m in seen.values()
        if may_scope(actor, action, team=m.team, municipality=m.municipality)
    ]


def registered_scope_actions() -> Iterable[str]:
    return tuple(_SCOPE_RULES)


# --- refusals (written to the access log by privacy.denials.DenialLogMiddleware) -----------


@dataclass(frozen=True)
class Refusal:
    """One refused decision in this request: what, by whom, in which role, for what purpose."""

    object_type: str
    object_id: str
    role: str
    on_behalf_of: str
    purpose: str


# Per request (set by the middleware; ``None`` outside a request, e.g. in jobs). A refused
# decision is only a refusal of access when the response says so (403/404): the same
# ``decide`` also hides a button or a row on a page that is shown, which is no refusal.
_REFUSALS: ContextVar[list[Refusal] | None] = ContextVar("wijkteam_refusals", default=None)
MAX_REFUSALS_PER_REQUEST = 10


def held_roles(user: User) -> str:
    """The person's active roles (for a refusal, which has no role of its own)."""
    roles = sorted({m.role for m in active_memberships(user)}) if user.is_active else []
    return ",".join(roles)[:40] or "none"


def _note_refusal(
    actor: Actor, object_type: str, object_id: object, decision: Decision, action: str = ""
) -> None:
    pending = _REFUSALS.get()
    if pending is None or len(pending) >= MAX_REFUSALS_PER_REQUEST:
        return
    refusal = Refusal(
        object_type=object_type,
        object_id=str(object_id),
        role=decision.role or held_roles(actor.user),
        on_behalf_of=decision.on_behalf_of,
        purpose=f"{actor.purpose} (refused: {action})" if action else actor.purpose,
    )
    if refusal not in pending:
        pending.append(refusal)


def collect_refusals() -> tuple[list[Refusal], object]:
    """Start collecting this request's refusals; returns the list and a token to stop."""
    pending: list[Refusal] = []
    return pending, _REFUSALS.set(pending)


def stop_collecting_refusals(token: object) -> None:
    _REFUSALS.reset(token)  # type: ignore[arg-type]


def _config_decision(actor: Actor, municipality_id: int) -> Decision:
    """Configuration data (areas, home organisations) of one's own municipality."""
    if municipality_id not in municipality_ids(actor.user):
        return NO_ACCESS
    roles = municipality_roles(actor.user, municipality_id)
    if Role.FUNCTIONAL_ADMIN in roles:
        return Decision(
            ViewLevel.FULL,
            frozenset({Action.VIEW, Action.MANAGE}),
            Role.FUNCTIONAL_ADMIN,
        )
    role = sorted(roles)[0] if roles else "team"
    return Decision(ViewLevel.FULL, frozenset({Action.VIEW}), role)


@rule(Municipality)
def _municipality_rule(actor: Actor, obj: Municipality) -> Decision:
    decision = _config_decision(actor, obj.pk)
    return _with_behalf(decision, obj.name)


@rule(Area)
def _area_rule(actor: Actor, obj: Area) -> Decision:
    return _with_behalf(_config_decision(actor, obj.municipality_id), "")


@rule(HomeOrganisation)
def _home_organisation_rule(actor: Actor, obj: HomeOrganisation) -> Decision:
    return _with_behalf(_config_decision(actor, obj.municipality_id), "")


def _with_behalf(decision: Decision, on_behalf_of: str) -> Decision:
    if not decision.allowed:
        return decision
    return Decision(decision.level, decision.actions, decision.role, on_behalf_of)


@rule(Team)
def _team_rule(actor: Actor, team: Team) -> Decision:
    membership = team_membership(actor.user, team.pk)
    roles = municipality_roles(actor.user, team.municipality_id)
    if Role.FUNCTIONAL_ADMIN in roles:
        # Configuration: the administrator sets up teams and invites people into them.
        return Decision(
            ViewLevel.FULL,
            frozenset({Action.VIEW, Action.VIEW_MEMBERS, Action.MANAGE, Action.INVITE}),
            Role.FUNCTIONAL_ADMIN,
            team.name,
        )
    if membership is not None:
        actions = {Action.VIEW, Action.VIEW_MEMBERS}
        return Decision(ViewLevel.FULL, frozenset(actions), membership.role, team.name)
    if Role.POLICY_STAFF in roles or Role.PRIVACY_OFFICER in roles:
        # Aggregates and logs need to name teams, not their people.
        role = Role.POLICY_STAFF if Role.POLICY_STAFF in roles else Role.PRIVACY_OFFICER
        return Decision(ViewLevel.METADATA, frozenset({Action.VIEW}), role, team.name)
    return NO_ACCESS


@rule(User)
def _user_rule(actor: Actor, person: User) -> Decision:
    if person.pk == actor.user.pk:
        return Decision(ViewLevel.FULL, frozenset({Action.VIEW}), "self", "")
    shared_municipalities = {
        m.municipality_id for m in Membership.objects.active().filter(user=person)
    } & municipality_ids(actor.user)
    for municipality_id in shared_municipalities:
        if Role.FUNCTIONAL_ADMIN in municipality_roles(actor.user, municipality_id):
            return Decision(
                ViewLevel.FULL,
                frozenset({Action.VIEW, Action.MANAGE}),
                Role.FUNCTIONAL_ADMIN,
                "",
            )
    my_teams = {m.team_id for m in active_memberships(actor.user) if m.team_id}
    if Membership.objects.active().filter(user=person, team_id__in=my_teams).exists():
        return Decision(ViewLevel.RESTRICTED, frozenset({Action.VIEW}), "colleague", "")
    return NO_ACCESS


# --- QuerySet filters (list pages: one indexed query, no per-row checks) -------------------


def teams_visible_to(user: User) -> QuerySet[Team]:
    own_team_ids = [m.team_id for m in active_memberships(user) if m.team_id]
    wide = [
        m.municipality_id
        for m in active_memberships(user)
        if m.team_id is None
        and m.role in (Role.FUNCTIONAL_ADMIN, Role.POLICY_STAFF, Role.PRIVACY_OFFICER)
    ]
    return Team.objects.filter(pk__in=own_team_ids) | Team.objects.filter(municipality_id__in=wide)


def municipalities_managed_by(user: User) -> QuerySet[Municipality]:
    ids = [
        m.municipality_id
        for m in active_memberships(user)
        if m.team_id is None and m.role == Role.FUNCTIONAL_ADMIN
    ]
    return Municipality.objects.filter(pk__in=ids)


def people_managed_by(user: User) -> QuerySet[User]:
    municipality_ids_ = list(municipalities_managed_by(user).values_list("pk", flat=True))
    return (
        User.objects.filter(memberships__municipality_id__in=municipality_ids_)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
