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
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from wijkteam.accounts.models import Membership, Role, User
from wijkteam.organisations.models import Area, HomeOrganisation, Municipality, Team

if TYPE_CHECKING:
    from wijkteam.privacy.models import ProtocolSettings


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
class Holdings:
    """What a person holds today: the active memberships, each with its team and municipality.

    Read once per request: the login reads them with the person (``accounts.backends``, one
    query with the second-factor devices) and every :class:`Actor` of that request carries the
    same object (:meth:`Actor.from_request`). For a person who is not the one acting (a
    successor, an action's owner) or outside a request, :meth:`load` reads them (one query).
    The memberships are fixed for the request; the policy's other per-request inputs (teams
    left, the protocol settings, emergency grants) are read on first use and kept here too,
    like the files already logged as read in full (``privacy.services.log_read``).
    """

    user_id: int
    memberships: tuple[Membership, ...] = ()
    protocol: dict[int, ProtocolSettings] = field(default_factory=dict, compare=False, repr=False)
    emergency: dict[int, bool] = field(default_factory=dict, compare=False, repr=False)
    # Household id -> is this person actively involved, where another query read it along
    # (``rules.casework.remember_involvement``, e.g. with a member).
    involved: dict[int, bool] = field(default_factory=dict, compare=False, repr=False)
    # Objects whose whole file this request read (and logged) at the full level.
    full_reads: set[tuple[str, Any]] = field(default_factory=set, compare=False, repr=False)

    @classmethod
    def load(cls, user: User) -> Holdings:
        memberships = (
            Membership.objects.active()
            .filter(user=user, user__is_active=True)
            .select_related("team", "municipality")
        )
        return cls(user_id=user.pk, memberships=tuple(memberships))

    def team_membership(self, team_id: int) -> Membership | None:
        for membership in self.memberships:
            if membership.team_id == team_id:
                return membership
        return None

    def municipality_roles(self, municipality_id: int) -> set[str]:
        return {
            m.role
            for m in self.memberships
            if m.team_id is None and m.municipality_id == municipality_id
        }

    @cached_property
    def municipality_ids(self) -> frozenset[int]:
        return frozenset(m.municipality_id for m in self.memberships)

    @cached_property
    def former_team_ids(self) -> frozenset[int]:
        """Teams the person has left: a membership there ended and none is active now (one
        query, on first use). A leaver reads nothing of that team any more."""
        ended = Membership.objects.filter(
            user_id=self.user_id, team__isnull=False, valid_until__lt=timezone.localdate()
        ).values_list("team_id", flat=True)
        active = {m.team_id for m in self.memberships if m.team_id}
        return frozenset(team_id for team_id in ended if team_id not in active)


@dataclass(frozen=True)
class Actor:
    """Who is acting, from where, and for what purpose (all of it goes into the access log),
    carrying what they hold (:class:`Holdings`, read once per request)."""

    user: User
    ip_address: str | None = None
    purpose: str = "casework"
    # What the request already read for this person; None: read on first use.
    loaded: Holdings | None = field(default=None, kw_only=True, compare=False, repr=False)

    @classmethod
    def from_request(cls, request: HttpRequest, purpose: str = "casework") -> Actor:
        user = request.user
        assert isinstance(user, User), "Actor needs a logged-in person"
        return cls(
            user=user,
            ip_address=client_ip(request),
            purpose=purpose,
            loaded=request_holdings(request, user),
        )

    @cached_property
    def holdings(self) -> Holdings:
        if self.loaded is not None and self.loaded.user_id == self.user.pk:
            return self.loaded
        return Holdings.load(self.user)


# Where a request keeps the holdings of its person (set by the login, or on first use).
_REQUEST_HOLDINGS = "wijkteam_holdings"


def attach_holdings(request: HttpRequest, holdings: Holdings) -> None:
    """Keep ``holdings`` for every Actor of this request (the login's one query)."""
    setattr(getattr(request, "_request", request), _REQUEST_HOLDINGS, holdings)


def request_holdings(request: HttpRequest, user: User) -> Holdings:
    """The holdings of the request's person: those the login read, else read now, once."""
    found = getattr(getattr(request, "_request", request), _REQUEST_HOLDINGS, None)
    if isinstance(found, Holdings) and found.user_id == user.pk:
        return found
    holdings = Holdings.load(user)
    attach_holdings(request, holdings)
    return holdings


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


# The acting person (their Actor carries what they hold) or any person (read when asked).
Who = Actor | User


def holdings(who: Who) -> Holdings:
    """An actor's holdings (no query after the request's first); a person's, read now."""
    return who.holdings if isinstance(who, Actor) else Holdings.load(who)


def as_actor(who: Who) -> Actor:
    """The acting person as an Actor (a person who is not acting gets one of their own)."""
    return who if isinstance(who, Actor) else Actor(user=who)


def person(actor: Actor, user: User) -> Who:
    """``user`` for the helpers below: the actor itself when it is the one acting (what it
    holds is read already), else the person (read when asked)."""
    return actor if user.pk == actor.user.pk else user


def active_memberships(who: Who) -> tuple[Membership, ...]:
    return holdings(who).memberships


def former_team_ids(who: Who) -> frozenset[int]:
    """Teams the person has left: a membership there ended and none is active now."""
    return holdings(who).former_team_ids


def team_membership(who: Who, team_id: int) -> Membership | None:
    return holdings(who).team_membership(team_id)


def municipality_roles(who: Who, municipality_id: int) -> set[str]:
    return holdings(who).municipality_roles(municipality_id)


def municipality_ids(who: Who) -> frozenset[int]:
    return holdings(who).municipality_ids


def has_role(who: Who, role: str) -> bool:
    return any(m.role == role for m in active_memberships(who))


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
    for membership in active_memberships(actor):
        seen.setdefault(membership.municipality_id, membership.municipality)
    return [m for m in seen.values() if may_scope(actor, action, municipality=m)]


def teams_where(actor: Actor, action: str) -> list[Team]:
    """The person's teams where the policy allows the scope action."""
    seen: dict[int, Membership] = {}
    for membership in active_memberships(actor):
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


def held_roles(who: Who) -> str:
    """The person's active roles (for a refusal, which has no role of its own)."""
    user = who.user if isinstance(who, Actor) else who
    roles = sorted({m.role for m in active_memberships(who)}) if user.is_active else []
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
        role=decision.role or held_roles(actor),
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
    if municipality_id not in municipality_ids(actor):
        return NO_ACCESS
    roles = municipality_roles(actor, municipality_id)
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
    membership = team_membership(actor, team.pk)
    roles = municipality_roles(actor, team.municipality_id)
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
    } & municipality_ids(actor)
    for municipality_id in shared_municipalities:
        if Role.FUNCTIONAL_ADMIN in municipality_roles(actor, municipality_id):
            return Decision(
                ViewLevel.FULL,
                frozenset({Action.VIEW, Action.MANAGE}),
                Role.FUNCTIONAL_ADMIN,
                "",
            )
    my_teams = {m.team_id for m in active_memberships(actor) if m.team_id}
    if Membership.objects.active().filter(user=person, team_id__in=my_teams).exists():
        return Decision(ViewLevel.RESTRICTED, frozenset({Action.VIEW}), "colleague", "")
    return NO_ACCESS


# --- QuerySet filters (list pages: one indexed query, no per-row checks) -------------------


def teams_visible_to(who: Who) -> QuerySet[Team]:
    own_team_ids = [m.team_id for m in active_memberships(who) if m.team_id]
    wide = [
        m.municipality_id
        for m in active_memberships(who)
        if m.team_id is None
        and m.role in (Role.FUNCTIONAL_ADMIN, Role.POLICY_STAFF, Role.PRIVACY_OFFICER)
    ]
    return Team.objects.filter(pk__in=own_team_ids) | Team.objects.filter(municipality_id__in=wide)


def municipalities_managed_by(who: Who) -> QuerySet[Municipality]:
    ids = [
        m.municipality_id
        for m in active_memberships(who)
        if m.team_id is None and m.role == Role.FUNCTIONAL_ADMIN
    ]
    return Municipality.objects.filter(pk__in=ids)


def people_managed_by(who: Who) -> QuerySet[User]:
    municipality_ids_ = list(municipalities_managed_by(who).values_list("pk", flat=True))
    return (
        User.objects.filter(memberships__municipality_id__in=municipality_ids_)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
