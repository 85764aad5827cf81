"""The eleven life domains of the self-sufficiency matrix (ZRM 2013): names only, our words."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ZRM_DOMAINS: list[tuple[str, Promise]] = [
    ("finances", _("Finances")),
    ("daytime_activities", _("Daytime activities")),
    ("housing", _("Housing")),
    ("domestic_relations", _("Domestic relations")),
    ("mental_health", _("Mental health")),
    ("physical_health", _("Physical health")),
    ("addiction", _("Addiction")),
    ("adl", _("Activities of daily living")),
    ("social_network", _("Social network")),
    ("community_participation", _("Community participation")),
    ("justice", _("Justice")),
]
DOMAIN_CODES = [code for code, _label in ZRM_DOMAINS]


def domain_label(code: str) -> str:
    return str(dict(ZRM_DOMAINS).get(code, code))
