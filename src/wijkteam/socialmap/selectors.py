"""Reads of the social map and the expertise map, through the access policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from wijkteam.accounts.models import Membership
from wijkteam.lifedomains import LifeDomain
from wijkteam.organisations.models import Area, Municipality, Team
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Action, Actor
from wijkteam.privacy.rules.socialmap import (
    EDIT_SOCIAL_MAP,
    PROPOSE_SERVICE,
    READ_SOCIAL_MAP,
    social_map_municipality,
)
from wijkteam.privacy.services import log_read
from wijkteam.socialmap import search
from wijkteam.socialmap.models import (
    Expertise,
    Provider,
    Service,
    ServiceStatus,
    ServiceType,
)

PAGE_SIZE = 50


def municipality_for(*, actor: Actor) -> Municipality:
    municipality = social_map_municipality(actor)
    if municipality is None:
        raise policy.AccessDenied("not working in a municipality")
    return municipality


def may_edit(*, actor: Actor, municipality: Municipality) -> bool:
    return policy.may_scope(actor, EDIT_SOCIAL_MAP, municipality=municipality)


@dataclass
class SearchFilters:
    query: str = ""
    domain: str = ""
    service_type: str = ""
    area: Area | None = None
    age: int | None = None
    free_only: bool = False
    no_indication: bool = False
    include_inactive: bool = False


@dataclass
class SearchResult:
    services: list[Service] = field(default_factory=list)
    total: int = 0


def _filtered(municipality: Municipality, f: SearchFilters, today: dt.date) -> QuerySet[Service]:
    qs = Service.objects.filter(municipality=municipality)
    if not f.include_inactive:
        qs = qs.filter(Q(active_from__isnull=True) | Q(active_from__lte=today)).filter(
            Q(active_until__isnull=True) | Q(active_until__gte=today)
        )
    if f.domain in LifeDomain.values:
        qs = qs.filter(domain_codes__contains=f"|{f.domain}|")
    if f.service_type in ServiceType.values:
        qs = qs.filter(service_type=f.service_type)
    if f.area is not None:
        through = Service.areas.through
        qs = qs.filter(
            Exists(through.objects.filter(service_id=OuterRef("pk"), area_id=f.area.pk))
            | ~Exists(through.objects.filter(service_id=OuterRef("pk")))
        )
    if f.age is not None:
        qs = qs.filter(Q(min_age__isnull=True) | Q(min_age__lte=f.age)).filter(
            Q(max_age__isnull=True) | Q(max_age__gte=f.age)
        )
    if f.free_only:
        qs = qs.filter(is_free=True)
    if f.no_indication:
        qs = qs.filter(needs_indication=False)
    return qs


def service_search(*, actor: Actor, filters: SearchFilters, limit: int = PAGE_SIZE) -> SearchResult:
    """Services of the actor's municipality, lightest frame first, then relevance, then name."""
    municipality = municipality_for(actor=actor)
    policy.require_scope(actor, READ_SOCIAL_MAP, municipality=municipality)
    qs = _filtered(municipality, filters, timezone.localdate())
    if filters.query.strip():
        hits = search.rank(query=filters.query, municipality_id=municipality.pk, services=qs)
        ids = [h.service_id for h in hits[:limit]]
        by_id = {s.pk: s for s in _with_relations(Service.objects.filter(pk__in=ids))}
        return SearchResult([by_id[i] for i in ids if i in by_id], len(hits))
    services = list(_with_relations(qs.order_by("type_rank", "name"))[:limit])
    return SearchResult(services, qs.count())


def _with_relations(qs: QuerySet[Service]) -> QuerySet[Service]:
    return qs.select_related("provider", "owner").prefetch_related("areas")


def service_get(*, actor: Actor, service_id: int) -> Service:
    service = _with_relations(Service.objects.filter(pk=service_id)).first()
    if service is None:
        raise policy.AccessDenied("no such service")
    policy.require(actor, Action.VIEW, service)
    return service


def may_propose(*, actor: Actor, municipality: Municipality) -> bool:
    return policy.may_scope(actor, PROPOSE_SERVICE, municipality=municipality)


@dataclass(frozen=True)
class Proposals:
    waiting: list[Service]  # for an editor: every open proposal of the municipality
    mine: list[Service]  # the actor's own proposals, with their status
    may_review: bool


def service_proposals(*, actor: Actor) -> Proposals:
    """Proposals as the actor may see them: an editor the open ones, a proposer their own."""
    municipality = municipality_for(actor=actor)
    reviewer = may_edit(actor=actor, municipality=municipality)
    if not reviewer and not may_propose(actor=actor, municipality=municipality):
        raise policy.AccessDenied("neither proposes nor reviews")
    proposals = _with_relations(Service.all_objects.filter(municipality=municipality)).exclude(
        status=ServiceStatus.APPROVED, proposed_by__isnull=True
    )
    waiting = (
        list(
            proposals.filter(status=ServiceStatus.PROPOSED)
            .select_related("proposed_by")
            .order_by("updated_at")
        )
        if reviewer
        else []
    )
    mine = list(proposals.filter(proposed_by=actor.user).order_by("-updated_at")[:50])
    return Proposals(waiting=waiting, mine=mine, may_review=reviewer)


def proposal_get(*, actor: Actor, service_id: int) -> Service:
    """A proposal (or any service) as its proposer or an editor may see it."""
    service = _with_relations(Service.all_objects.filter(pk=service_id)).first()
    if service is None:
        raise policy.AccessDenied("no such service")
    policy.require(actor, Action.VIEW, service)
    return service


def provider_get(*, actor: Actor, provider_id: int) -> Provider:
    provider = Provider.objects.filter(pk=provider_id).first()
    if provider is None:
        raise policy.AccessDenied("no such provider")
    policy.require(actor, Action.VIEW, provider)
    return provider


def provider_list(*, actor: Actor) -> QuerySet[Provider]:
    municipality = municipality_for(actor=actor)
    return Provider.objects.filter(municipality=municipality).order_by("name")


def provider_services(*, actor: Actor, provider: Provider) -> QuerySet[Service]:
    policy.require(actor, Action.VIEW, provider)
    return _with_relations(provider.services.order_by("type_rank", "name"))


# --- expertise map --------------------------------------------------------------------------


@dataclass(frozen=True)
class DomainExperts:
    domain: str
    label: str
    members: list[Membership]


def team_expertise(*, actor: Actor, team: Team) -> list[DomainExperts]:
    """Per life domain the team members to ask (logged: it names people)."""
    decision = policy.require(actor, Action.VIEW_MEMBERS, team)
    memberships = {
        m.pk: m
        for m in Membership.objects.active()
        .filter(team=team)
        .select_related("user", "home_organisation")
    }
    per_domain: dict[str, list[Membership]] = {code: [] for code in LifeDomain.values}
    for membership_id, domain in Expertise.objects.filter(
        membership_id__in=list(memberships)
    ).values_list("membership_id", "domain"):
        if domain in per_domain:
            per_domain[domain].append(memberships[membership_id])
    log_read(actor, team, decision, object_type="socialmap.expertise")
    labels = dict(LifeDomain.choices)
    return [
        DomainExperts(code, str(labels[code]), sorted(people, key=lambda m: m.user.get_full_name()))
        for code, people in per_domain.items()
    ]


def uncovered_domains(*, team: Team) -> list[str]:
    """Life domain codes nobody active in the team holds expertise in (ZRM order)."""
    covered = set(
        Expertise.objects.filter(
            membership__in=Membership.objects.active().filter(team=team)
        ).values_list("domain", flat=True)
    )
    return [code for code in LifeDomain.values if code not in covered]


def my_team_memberships(*, actor: Actor) -> list[Membership]:
    return [m for m in policy.active_memberships(actor) if m.team_id]


def my_domains(*, membership: Membership) -> list[str]:
    return list(Expertise.objects.filter(membership=membership).values_list("domain", flat=True))


def provider_counts_by_area(*, area_ids: list[int]) -> dict[int, int]:
    """Number of distinct providers with an active service in each area (social map data is
    not personal data). A service without areas serves the whole municipality and counts for
    every area of that municipality."""
    from django.db.models import Count

    today = timezone.localdate()
    active = Q(active_from__isnull=True) | Q(active_from__lte=today)
    active &= Q(active_until__isnull=True) | Q(active_until__gte=today)
    counts = dict.fromkeys(area_ids, 0)
    rows = (
        Service.objects.filter(active, areas__in=area_ids)
        .values("areas")
        .annotate(n=Count("provider", distinct=True))
    )
    for row in rows:
        counts[row["areas"]] = row["n"]
    areas = list(Area.objects.filter(pk__in=area_ids).values_list("pk", "municipality_id"))
    wide: dict[int, int] = {}  # one count per municipality, not per area
    for _area_id, municipality_id in areas:
        if municipality_id not in wide:
            wide[municipality_id] = (
                Service.objects.filter(active, municipality_id=municipality_id, areas__isnull=True)
                .values("provider")
                .distinct()
                .count()
            )
    for area_id, municipality_id in areas:
        counts[area_id] += wide[municipality_id]
    return counts
