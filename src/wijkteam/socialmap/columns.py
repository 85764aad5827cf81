"""The columns of the social map file (import and export), with Dutch and English aliases."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wijkteam.socialmap.search import normalise

# key, label, required, aliases (normalised header names that map to it automatically)
COLUMNS: list[tuple[str, Promise, bool, tuple[str, ...]]] = [
    (
        "external_id",
        _("External id"),
        True,
        ("id", "extern id", "externe id", "external id", "code"),
    ),
    ("provider", _("Provider"), True, ("aanbieder", "organisatie", "provider", "organisation")),
    ("name", _("Name"), True, ("naam", "name", "dienst", "voorziening")),
    ("service_type", _("Type"), True, ("type", "soort", "service type")),
    ("description", _("Description"), False, ("omschrijving", "beschrijving", "description")),
    ("domains", _("Life domains"), False, ("domeinen", "leefgebieden", "domains", "life domains")),
    ("target_groups", _("Target groups"), False, ("doelgroep", "doelgroepen", "target groups")),
    (
        "min_age",
        _("Minimum age"),
        False,
        ("minimum leeftijd", "min leeftijd", "min age", "minimum age"),
    ),
    (
        "max_age",
        _("Maximum age"),
        False,
        ("maximum leeftijd", "max leeftijd", "max age", "maximum age"),
    ),
    ("areas", _("Areas"), False, ("wijken", "gebieden", "areas")),
    ("address", _("Address"), False, ("adres", "address")),
    ("latitude", _("Latitude"), False, ("breedtegraad", "lat", "latitude")),
    ("longitude", _("Longitude"), False, ("lengtegraad", "lon", "lng", "longitude")),
    ("contact", _("Contact"), False, ("contact", "contactgegevens")),
    ("opening_hours", _("Opening hours"), False, ("openingstijden", "opening hours")),
    ("accessibility", _("Accessibility"), False, ("toegankelijkheid", "accessibility")),
    ("costs", _("Costs"), False, ("kosten", "costs")),
    ("is_free", _("Free of charge"), False, ("gratis", "kosteloos", "free", "is free")),
    (
        "needs_indication",
        _("Indication needed"),
        False,
        ("indicatie", "indicatie nodig", "needs indication"),
    ),
    ("how_to_refer", _("How to refer"), False, ("verwijzen", "hoe verwijzen", "how to refer")),
    ("active_from", _("Active from"), False, ("actief vanaf", "vanaf", "active from")),
    ("active_until", _("Active until"), False, ("actief tot", "tot", "active until")),
    (
        "last_checked",
        _("Last checked"),
        False,
        ("laatst gecontroleerd", "gecontroleerd", "last checked"),
    ),
]
KEYS = [c[0] for c in COLUMNS]
REQUIRED = [c[0] for c in COLUMNS if c[2]]


def _clean_header(header: str) -> str:
    return " ".join(normalise(header).replace("_", " ").replace("-", " ").split())


def auto_mapping(headers: list[str]) -> dict[str, int | None]:
    """column key -> index of the file column that looks like it (or None)."""
    cleaned = [_clean_header(h) for h in headers]
    mapping: dict[str, int | None] = {}
    for key, _label, _required, aliases in COLUMNS:
        candidates = {key.replace("_", " "), *aliases}
        mapping[key] = next((i for i, h in enumerate(cleaned) if h in candidates), None)
    return mapping
