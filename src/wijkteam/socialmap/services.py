"""Writes of the social map and the expertise map."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wijkteam.accounts.models import Membership
from wijkteam.lifedomains import LifeDomain
from wijkteam.organisations.models import Municipality
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent
from wijkteam.privacy.policy import Action, Actor
from wijkteam.privacy.rules.socialmap import EDIT_SOCIAL_MAP, PROPOSE_SERVICE
from wijkteam.privacy.services import access_log_record
from wijkteam.socialmap import search
from wijkteam.socialmap.models import Expertise, Provider, Service, ServiceStatus

SERVICE_FIELDS = (
    "provider",
    "external_id",
    "name",
    "description",
    "service_type",
    "target_groups",
    "min_age",
    "max_age",
    "address",
    "latitude",
    "longitude",
    "contact",
    "opening_hours",
    "accessibility",
    "costs",
    "is_free",
    "needs_indication",
    "how_to_refer",
    "active_from",
    "active_until",
    "owner",
    "last_checked",
)


@transaction.atomic
def provider_save(
    *, actor: Actor, municipality: Municipality, provider: Provider | None, data: dict[str, Any]
) -> Provider:
    if provider is None:  # a new provider: may this person add one to the municipality's map?
        policy.require_scope(actor, EDIT_SOCIAL_MAP, municipality=municipality)
        provider = Provider(municipality=municipality)
    else:
        policy.require(actor, EDIT_SOCIAL_MAP, provider)
    for name in ("name", "description", "website", "phone", "email"):
        if name in data:
            setattr(provider, name, data[name] or "")
    provider.full_clean()
    provider.save()
    return provider


@transaction.atomic
def service_save(
    *, actor: Actor, municipality: Municipality, service: Service | None, data: dict[str, Any]
) -> Service:
    if service is None:
        policy.require_scope(actor, EDIT_SOCIAL_MAP, municipality=municipality)
        service = Service(municipality=municipality)
    else:
        policy.require(actor, EDIT_SOCIAL_MAP, service)
    for name in SERVICE_FIELDS:
        if name in data:
            setattr(service, name, data[name])
    if "domains" in data:
        service.domains = list(data["domains"])
    if service.provider_id and service.provider.municipality_id != municipality.pk:
        raise ValidationError(_("This provider belongs to another municipality."))
    if (
        service.min_age is not None
        and service.max_age is not None
        and service.min_age > service.max_age
    ):
        raise ValidationError(_("The minimum age is higher than the maximum age."))
    service.full_clean(exclude=["areas"])
    service.save()
    if "areas" in data:
        areas = list(data["areas"])
        if any(a.municipality_id != municipality.pk for a in areas):
            raise ValidationError(_("An area belongs to another municipality."))
        service.areas.set(areas)
    search.index_services([service])
    return service


# What a team member fills in when proposing; the editor completes the rest after approval.
PROPOSAL_FIELDS = (
    "provider",
    "name",
    "description",
    "service_type",
    "target_groups",
    "contact",
    "how_to_refer",
)


@transaction.atomic
def service_propose(*, actor: Actor, municipality: Municipality, data: dict[str, Any]) -> Service:
    """A team member proposes a service. It is not on the social map (search, referrals,
    API, export) until an editor approves it; its proposer follows its status."""
    decision = policy.require_scope(actor, PROPOSE_SERVICE, municipality=municipality)
    provider = data["provider"]
    if provider.municipality_id != municipality.pk:
        raise ValidationError(_("This provider belongs to another municipality."))
    service = Service(
        municipality=municipality, status=ServiceStatus.PROPOSED, proposed_by=actor.user
    )
    for name in PROPOSAL_FIELDS:
        if name in data:
            setattr(service, name, data[name] if data[name] is not None else "")
    service.domains = list(data.get("domains") or [])
    service.full_clean(exclude=["areas"])
    service.save()
    search.index_services([service])  # found only through Service.objects: approved ones
    access_log_record(
        actor=actor,
        event=AccessEvent.CREATE,
        object_type="socialmap.service",
        object_id=service.pk,
        decision=decision,
        purpose="social map",
    )
    return service


@transaction.atomic
def service_review(*, actor: Actor, service: Service, approve: bool, note: str = "") -> Service:
    """An editor of the social map approves a proposal (it appears on the map) or rejects
    it (with a note the proposer reads)."""
    decision = policy.require(actor, EDIT_SOCIAL_MAP, service)
    stored = Service.all_objects.select_for_update(of=("self",)).get(pk=service.pk)
    if stored.status != ServiceStatus.PROPOSED:
        raise ValidationError(_("This proposal has already been handled."))
    if not approve and not note.strip():
        raise ValidationError(_("Say why the proposal is rejected: the proposer reads it."))
    stored.status = ServiceStatus.APPROVED if approve else ServiceStatus.REJECTED
    stored.review_note = note.strip()
    stored.save(update_fields=["status", "review_note", "updated_at"])
    access_log_record(
        actor=actor,
        event=AccessEvent.UPDATE,
        object_type="socialmap.service",
        object_id=stored.pk,
        decision=decision,
        purpose="social map",
    )
    return stored


@transaction.atomic
def service_mark_checked(*, actor: Actor, service: Service) -> Service:
    from django.utils import timezone

    policy.require(actor, EDIT_SOCIAL_MAP, service)
    service.last_checked = timezone.localdate()
    service.save(update_fields=["last_checked", "updated_at"])
    return service


@transaction.atomic
def expertise_set(*, actor: Actor, membership: Membership, domains: list[str]) -> list[str]:
    """A team member marks their own life domains of expertise."""
    if membership.user_id != actor.user.pk or membership.team_id is None:
        raise policy.AccessDenied("only your own expertise")
    assert membership.team is not None
    policy.require(actor, Action.VIEW, membership.team)
    wanted = [d for d in LifeDomain.values if d in set(domains)]
    Expertise.objects.filter(membership=membership).exclude(domain__in=wanted).delete()
    have = set(Expertise.objects.filter(membership=membership).values_list("domain", flat=True))
    Expertise.objects.bulk_create(
        [Expertise(membership=membership, domain=d) for d in wanted if d not in have]
    )
    return wanted
