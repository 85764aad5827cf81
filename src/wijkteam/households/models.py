"""Households, the residents in them, and the people around them (ecogram)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.core.models import VersionedRow
from wijkteam.households.bsn import validate_bsn


class Household(VersionedRow):
    """A household the team works with; owned by one team."""

    team = models.ForeignKey(
        "organisations.Team",
        on_delete=models.PROTECT,
        related_name="households",
        verbose_name=_("team"),
        help_text=_("The team that owns this household's file."),
    )
    name = models.CharField(
        _("name"),
        max_length=160,
        help_text=_("How the team refers to the household, e.g. 'Family Jansen'."),
    )
    street_address = models.CharField(_("street and house number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("town or city"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["team", "name"], name="household_team_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return ", ".join(
            p for p in (self.street_address, f"{self.postcode} {self.city}".strip()) if p
        )


class Member(VersionedRow):
    """A resident who belongs to a household."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members", verbose_name=_("household")
    )
    first_name = models.CharField(_("first name"), max_length=120)
    last_name = models.CharField(_("last name"), max_length=120)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    bsn = models.CharField(
        _("BSN"),
        max_length=9,
        blank=True,
        validators=[validate_bsn],
        help_text=_("Citizen service number; optional. Nine digits that pass the 11-check."),
    )
    street_address = models.CharField(
        _("street and house number"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty when the member lives at the household's address."),
    )
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("town or city"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=60,
        blank=True,
        help_text=_("The language the member prefers to speak."),
    )
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["household", "date_of_birth", "pk"]
        indexes = [
            models.Index(fields=["bsn"], name="member_bsn"),
            models.Index(fields=["last_name", "date_of_birth"], name="member_name_birth"),
            # A search by date of birth. The name and street searches use trigram indexes
            # (PostgreSQL) or FTS5 trigram tables (SQLite): see migration 0004.
            models.Index(fields=["date_of_birth"], name="member_birth"),
        ]
        constraints = [
            # One resident once per household; an empty BSN (not known) may repeat.
            models.UniqueConstraint(
                fields=["household", "bsn"],
                condition=~models.Q(bsn=""),
                name="member_bsn_once_per_household",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def age(self) -> int | None:
        return age_of(self.date_of_birth)


def age_of(born: dt.date | None) -> int | None:
    """Whole years today; None without a date of birth."""
    if born is None:
        return None
    today = timezone.localdate()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class RelationType(models.TextChoices):
    FAMILY = "family", _("Family")
    NEIGHBOUR = "neighbour", _("Neighbour")
    FRIEND = "friend", _("Friend")
    VOLUNTEER = "volunteer", _("Volunteer")
    PROFESSIONAL = "professional", _("Professional")


class NetworkPerson(models.Model):
    """Someone around the household who helps or could help (ecogram)."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="network", verbose_name=_("household")
    )
    name = models.CharField(_("name"), max_length=160)
    relation_type = models.CharField(_("relation"), max_length=20, choices=RelationType.choices)
    contributes = models.TextField(
        _("contributes"),
        blank=True,
        help_text=_("What this person does or could do for the household."),
    )
    contact = models.CharField(_("contact details"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("network person")
        verbose_name_plural = _("network persons")
        ordering = ["relation_type", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class MemberRelationKind(models.TextChoices):
    PARTNER = "partner", _("Partner of")
    PARENT = "parent", _("Parent of")
    SIBLING = "sibling", _("Sibling of")
    CARER = "carer", _("Cares for")
    OTHER = "other", _("Other relation to")


class MemberRelation(models.Model):
    """How two members of one household are related ("A is parent of B")."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="relations", verbose_name=_("household")
    )
    from_member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="relations_from", verbose_name=_("member")
    )
    kind = models.CharField(_("relation"), max_length=20, choices=MemberRelationKind.choices)
    to_member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        related_name="relations_to",
        verbose_name=_("other member"),
    )

    class Meta:
        verbose_name = _("relation between members")
        verbose_name_plural = _("relations between members")
        constraints = [
            models.UniqueConstraint(
                fields=["from_member", "kind", "to_member"], name="member_relation_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_member=models.F("to_member")),
                name="member_relation_not_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_member} {self.get_kind_display()} {self.to_member}"
