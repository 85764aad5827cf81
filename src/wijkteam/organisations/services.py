"""Writes of organisation configuration (functional administrator)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from wijkteam.core.conflicts import ConflictError, row_stamp
from wijkteam.organisations.models import Area, HomeOrganisation, Municipality, Team
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Action, Actor


def _require_manage(actor: Actor, municipality: Municipality) -> None:
    policy.require(actor, Action.MANAGE, municipality)


def _locked(row: Any, lock_version: int | None, actor: Actor) -> Any:
    """The stored row under a row lock, stamped for this save; a moved-on version (when the
    caller names one) raises ConflictError with who saved it and when."""
    stored = (
        type(row)
        ._default_manager.select_for_update(of=("self",))
        .select_related("updated_by")
        .get(pk=row.pk)
    )
    if lock_version is not None and stored.lock_version != lock_version:
        raise ConflictError(current=stored, stamp=row_stamp(stored))
    stored.lock_version += 1
    stored.updated_by = actor.user
    stored.updated_at = timezone.now()
    return stored


@transaction.atomic
def municipality_update(
    *,
    actor: Actor,
    municipality: Municipality,
    name: str,
    cbs_code: str,
    lock_version: int | None = None,
) -> Municipality:
    """``lock_version``: the version the form showed (the pages always send it)."""
    _require_manage(actor, municipality)
    municipality = _locked(municipality, lock_version, actor)
    municipality.name = name
    municipality.cbs_code = cbs_code
    municipality.full_clean()
    municipality.save()
    return municipality


@transaction.atomic
def area_save(
    *,
    actor: Actor,
    municipality: Municipality,
    area: Area | None,
    data: dict[str, Any],
    lock_version: int | None = None,
) -> Area:
    _require_manage(actor, municipality)
    area = _locked(area, lock_version, actor) if area else Area(municipality=municipality)
    if area.municipality_id != municipality.pk:
        raise policy.AccessDenied("area of another municipality")
    area.name = data["name"]
    area.neighbourhoods = data.get("neighbourhoods") or ""
    area.inhabitants = data["inhabitants"]
    area.full_clean()
    area.save()
    return area


@transaction.atomic
def home_organisation_save(
    *,
    actor: Actor,
    municipality: Municipality,
    home_organisation: HomeOrganisation | None,
    data: dict[str, Any],
    lock_version: int | None = None,
) -> HomeOrganisation:
    _require_manage(actor, municipality)
    org = (
        _locked(home_organisation, lock_version, actor)
        if home_organisation
        else HomeOrganisation(municipality=municipality)
    )
    if org.municipality_id != municipality.pk:
        raise policy.AccessDenied("organisation of another municipality")
    org.name = data["name"]
    org.kind = data.get("kind", "")
    org.full_clean()
    org.save()
    return org


TEAM_FIELDS = ("name", "areas", "organisation_model", "variant", "is_active")


@transaction.atomic
def team_save(
    *,
    actor: Actor,
    municipality: Municipality,
    team: Team | None,
    data: dict[str, Any],
    lock_version: int | None = None,
) -> Team:
    """Create a team, or change one: then ``lock_version`` names the version the form showed,
    and a colleague's save since raises ``ConflictError`` (who, when, the stored team)."""
    _require_manage(actor, municipality)
    if team is not None and lock_version is None:
        raise ConflictError(current=team, stamp=row_stamp(team))  # a change names its version
    # The row lock makes a second save with the same version wait and then see the new one.
    team = _locked(team, lock_version, actor) if team else Team(municipality=municipality)
    if team.municipality_id != municipality.pk:
        raise policy.AccessDenied("team of another municipality")
    areas = list(data["areas"])
    if any(area.municipality_id != municipality.pk for area in areas):
        raise policy.AccessDenied("area of another municipality")
    for key in ("name", "organisation_model", "variant", "is_active"):
        setattr(team, key, data[key])
    if team.pk is None:
        team.updated_by, team.updated_at = actor.user, timezone.now()
    team.full_clean()
    team.save()
    team.areas.set(areas)
    return team


@transaction.atomic
def municipality_bootstrap(*, name: str, cbs_code: str = "") -> Municipality:
    """First step of a new installation (run from the command line, no actor yet)."""
    municipality, _created = Municipality.objects.get_or_create(
        name=name, defaults={"cbs_code": cbs_code}
    )
    return municipality
