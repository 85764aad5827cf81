"""Small builders for social map tests."""

from __future__ import annotations

from typing import Any

from wijkteam.organisations.models import Municipality
from wijkteam.socialmap import search
from wijkteam.socialmap.models import Provider, Service


def make_service(municipality: Municipality, name: str, **fields: Any) -> Service:
    provider_name = fields.pop("provider", "Stichting Test")
    provider, _ = Provider.objects.get_or_create(municipality=municipality, name=provider_name)
    areas = fields.pop("areas", [])
    domains = fields.pop("domains", [])
    fields.setdefault("service_type", "general")
    fields.setdefault("external_id", f"ext-{Service.objects.count() + 1}")
    service = Service(municipality=municipality, provider=provider, name=name, **fields)
    service.domains = domains
    service.save()
    service.areas.set(areas)
    search.index_services([service])
    return service


def give_consent(world: object, household: object, recipient: str = "Stichting Test") -> object:
    """A living consent of the household's first member naming ``recipient``."""
    import datetime as dt

    from wijkteam.privacy.consent import consent_record
    from wijkteam.privacy.policy import Actor

    return consent_record(
        actor=Actor(user=world.member_a),  # type: ignore[attr-defined]
        member=household.members.order_by("pk").first(),  # type: ignore[attr-defined]
        purpose="Doorverwijzing",
        recipients=[recipient],
        data_categories=["identity", "finances"],
        given_by="resident",
        form="written",
        given_on=dt.date.today(),
    )
