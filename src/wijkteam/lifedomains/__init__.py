"""The life domains of the self-sufficiency matrix (ZRM): the one vocabulary of the project.

The plan's problems (casework), the shipped measuring instruments (assessments), services and
team expertise (social map), the team's planned composition (team design) and the steering
figures all name a life domain by the codes below. This package imports nothing of ours, so
every app may import it.

ZRM 2013 has eleven domains (`LifeDomain`, in the matrix's order). ZRM 2017 has thirteen
(`Zrm2017Domain`): eight are the 2013 domain unchanged and keep its code, addiction became
substance use, daytime activities split into work and education and time use, and activities
of daily living into basic and instrumental ones. `ZRM_2013_OF_2017` names the 2013 domain of
each 2017 domain that corresponds to exactly one; the split domains have none. Labels are our
own words (the matrix's texts belong to its owner).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LifeDomain(models.TextChoices):
    """The eleven life domains of ZRM 2013, in its order."""

    FINANCES = "finances", _("Finances")
    DAYTIME_ACTIVITIES = "daytime_activities", _("Daytime activities")
    HOUSING = "housing", _("Housing")
    DOMESTIC_RELATIONS = "domestic_relations", _("Domestic relations")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    PHYSICAL_HEALTH = "physical_health", _("Physical health")
    ADDICTION = "addiction", _("Addiction")
    ADL = "adl", _("Activities of daily living")
    SOCIAL_NETWORK = "social_network", _("Social network")
    COMMUNITY_PARTICIPATION = "community_participation", _("Community participation")
    JUSTICE = "justice", _("Justice")


class Zrm2017Domain(models.TextChoices):
    """The thirteen domains of ZRM 2017, in its order."""

    FINANCES = "finances", _("Finances")
    WORK_EDUCATION = "work_education", _("Work and education")
    TIME_USE = "time_use", _("Time use")
    HOUSING = "housing", _("Housing")
    DOMESTIC_RELATIONS = "domestic_relations", _("Domestic relations")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    PHYSICAL_HEALTH = "physical_health", _("Physical health")
    SUBSTANCE_USE = "substance_use", _("Substance use")
    BASIC_ADL = "basic_adl", _("Basic activities of daily living")
    INSTRUMENTAL_ADL = "instrumental_adl", _("Instrumental activities of daily living")
    SOCIAL_NETWORK = "social_network", _("Social network")
    COMMUNITY_PARTICIPATION = "community_participation", _("Community participation")
    JUSTICE = "justice", _("Justice")


# The 2013 domain of each 2017 domain that corresponds to exactly one (nine of thirteen).
ZRM_2013_OF_2017: dict[str, LifeDomain] = {
    Zrm2017Domain.FINANCES: LifeDomain.FINANCES,
    Zrm2017Domain.HOUSING: LifeDomain.HOUSING,
    Zrm2017Domain.DOMESTIC_RELATIONS: LifeDomain.DOMESTIC_RELATIONS,
    Zrm2017Domain.MENTAL_HEALTH: LifeDomain.MENTAL_HEALTH,
    Zrm2017Domain.PHYSICAL_HEALTH: LifeDomain.PHYSICAL_HEALTH,
    Zrm2017Domain.SUBSTANCE_USE: LifeDomain.ADDICTION,
    Zrm2017Domain.SOCIAL_NETWORK: LifeDomain.SOCIAL_NETWORK,
    Zrm2017Domain.COMMUNITY_PARTICIPATION: LifeDomain.COMMUNITY_PARTICIPATION,
    Zrm2017Domain.JUSTICE: LifeDomain.JUSTICE,
}


def as_2013(code: str) -> str:
    """The 2013 code a domain is counted under: its one-to-one 2013 domain, else itself."""
    older = ZRM_2013_OF_2017.get(code)
    return older.value if older is not None else code


def domain_label(code: str) -> str:
    """The label of a 2013 or 2017 domain in the active language; an unknown code as it is."""
    labels = {**dict(Zrm2017Domain.choices), **dict(LifeDomain.choices)}
    return str(labels.get(code, code))
