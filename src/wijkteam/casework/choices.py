"""Choices of the casework models (phases, frames, ...); life domains: `wijkteam.lifedomains`."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    ANALYSIS = "analysis", _("Analysis")
    PLAN = "plan", _("Plan")
    SUPPORT = "support", _("Support")
    EVALUATION = "evaluation", _("Evaluation")
    MONITORING = "monitoring", _("Monitoring")
    CLOSED = "closed", _("Closed")


class Direction(models.TextChoices):
    WITH_RESIDENT = "with_resident", _("With the resident")
    TAKEN_OVER = "taken_over", _("Taken over")


class TakeoverReason(models.TextChoices):
    LIMITATION = "limitation", _("A limitation makes it impossible for now")
    DANGER_SELF = "danger_self", _("Danger to self")
    DANGER_OTHERS = "danger_others", _("Danger to others")


class Intensity(models.TextChoices):
    LIGHT = "light", _("Light")
    MEDIUM = "medium", _("Medium")
    INTENSIVE = "intensive", _("Intensive")


class Frame(models.TextChoices):
    """The four frames, from the household's own strength to tailored care."""

    OWN_STRENGTH = "own_strength", _("Own strength")
    SOCIAL_NETWORK = "social_network", _("Social network")
    GENERAL_PROVISION = "general_provision", _("General or collective provision")
    TAILORED_PROVISION = "tailored_provision", _("Tailored provision or care")


class OwnerKind(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    NETWORK = "network", _("Network person")
    TEAM_MEMBER = "team_member", _("Team member")
    PROVIDER = "provider", _("Provider")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class NoteKind(models.TextChoices):
    CONTACT = "contact", _("Contact")
    PHONE = "phone", _("Phone call")
    VISIT = "visit", _("Home visit")
    EMAIL = "email", _("Email")
    MEETING = "meeting", _("Meeting")
    OTHER = "other", _("Other")


class Answered(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class Trend(models.TextChoices):
    UP = "up", _("Up")
    SAME = "same", _("Same")
    DOWN = "down", _("Down")


class LegalFramework(models.TextChoices):
    """The law under which the support was given; it decides the retention term on closing."""

    WMO = "wmo", _("Wmo 2015")
    JEUGDWET = "jeugdwet", _("Jeugdwet")
    PARTICIPATIEWET = "participatiewet", _("Participatiewet")
