"""Municipality, areas, home organisations and teams: the organisation a wijkteam lives in."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkteam.core.models import VersionedRow

# A team works best for an area of about 6,000-10,000 inhabitants (see docs/glossary.md).
RECOMMENDED_MAX_INHABITANTS_PER_TEAM = 10_000


class Municipality(VersionedRow):
    name = models.CharField(_("name"), max_length=120, unique=True)
    cbs_code = models.CharField(
        _("CBS municipality code"),
        max_length=6,
        blank=True,
        help_text=_("The four-digit code of Statistics Netherlands, e.g. GM0392."),
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Area(VersionedRow):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="areas", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=120)
    neighbourhoods = models.TextField(
        _("neighbourhoods"),
        blank=True,
        help_text=_("The neighbourhoods in this area, one per line."),
    )
    inhabitants = models.PositiveIntegerField(
        _("inhabitants"),
        validators=[MinValueValidator(0), MaxValueValidator(2_000_000)],
        help_text=_("Number of inhabitants of the area."),
    )

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="area_unique_name"),
            models.CheckConstraint(
                condition=models.Q(inhabitants__lte=2_000_000), name="area_inhabitants_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def neighbourhood_list(self) -> list[str]:
        return [line.strip() for line in self.neighbourhoods.splitlines() if line.strip()]


class HomeOrganisation(VersionedRow):
    """A partner organisation that seconds professionals to teams (moederorganisatie)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="home_organisations",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(
        _("kind"),
        max_length=120,
        blank=True,
        help_text=_("E.g. social work, home care, debt help, the municipality itself."),
    )

    class Meta:
        verbose_name = _("home organisation")
        verbose_name_plural = _("home organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="home_organisation_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationModel(models.TextChoices):
    NETWORK = "network", _("Network / partnership")
    INTEGRATED = "integrated", _("Integrated team")
    INTEGRAL = "integral", _("Integral team")


class TeamVariant(models.TextChoices):
    ACCESS = "access", _("Access team")
    SECONDED = "seconded", _("Team variant (seconded full time)")
    NETWORK = "network", _("Network variant (a few hours a week)")
    DIRECTION = "direction", _("Direction team (civil servants coordinating complex cases)")
    OTHER = "other", _("Other")


class Team(VersionedRow):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="teams", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=120)
    areas = models.ManyToManyField(
        Area, related_name="teams", verbose_name=_("areas"), help_text=_("The area(s) served.")
    )
    organisation_model = models.CharField(
        _("organisation model"),
        max_length=20,
        choices=OrganisationModel.choices,
        default=OrganisationModel.INTEGRATED,
    )
    variant = models.CharField(
        _("variant"), max_length=20, choices=TeamVariant.choices, default=TeamVariant.SECONDED
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="team_unique_name")
        ]

    def __str__(self) -> str:
        return self.name
