"""Instruments as data (ZRM, participation ladder) and repeated measurements with scores.

``LatestScore`` is a summary: per member and domain the first and the latest scored value.
It is maintained by the services in the same transaction as every write and delete, so pages
and dashboards read it without scanning history; ``assessments_check_summaries`` verifies it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


def _localised(nl: str, en: str) -> str:
    return nl if (get_language() or "nl").startswith("nl") and nl else (en or nl)


class Instrument(models.Model):
    """A versioned measuring instrument: its domains and its scale are data.

    ``municipality`` is the owner: empty for the instruments shipped with the installation
    (ZRM, participation ladder: read-only for municipalities), otherwise the municipality
    whose functional administrators manage it and whose households may be scored with it.
    """

    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
        help_text=_("Empty: shipped with the installation, the same for every municipality."),
    )
    code = models.SlugField(
        _("code"), max_length=40, help_text=_("Versions of one instrument share the code.")
    )
    name = models.CharField(_("name"), max_length=120)
    version = models.CharField(_("version"), max_length=20)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active instruments can be used to record.")
    )

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["code", "version"]
        constraints = [
            # One (code, version) per owner: once among the shipped instruments, once per
            # municipality (two partial constraints, as NULLs never collide in a plain one).
            models.UniqueConstraint(
                fields=["code", "version"],
                condition=Q(municipality__isnull=True),
                name="instrument_unique_shipped_version",
            ),
            models.UniqueConstraint(
                fields=["municipality", "code", "version"],
                condition=Q(municipality__isnull=False),
                name="instrument_unique_municipal_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"

    @property
    def is_shipped(self) -> bool:
        return self.municipality_id is None


class Domain(models.Model):
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="domains", verbose_name=_("instrument")
    )
    code = models.SlugField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        ordering = ["instrument", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="domain_unique_code")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localised(self.name_nl, self.name_en)


class Level(models.Model):
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="levels", verbose_name=_("instrument")
    )
    value = models.PositiveSmallIntegerField(_("value"))
    label_nl = models.CharField(_("label (Dutch)"), max_length=120)
    label_en = models.CharField(_("label (English)"), max_length=120)

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        ordering = ["instrument", "value"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "value"], name="level_unique_value")
        ]

    def __str__(self) -> str:
        return f"{self.value} {self.label}"

    @property
    def label(self) -> str:
        return _localised(self.label_nl, self.label_en)


class Criterion(models.Model):
    """The description of one cell (domain x level): licensed text, loaded by a licence holder."""

    domain = models.ForeignKey(
        Domain, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("domain")
    )
    level = models.ForeignKey(
        Level, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("level")
    )
    text = models.TextField(_("criterion"), blank=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["domain", "level"], name="criterion_unique_cell")
        ]

    def __str__(self) -> str:
        return self.text[:60]


class DomainMapping(models.Model):
    """A one-to-one correspondence between a domain of an older and of a newer version."""

    source = models.OneToOneField(
        Domain, on_delete=models.CASCADE, related_name="mapped_to", verbose_name=_("from")
    )
    target = models.OneToOneField(
        Domain, on_delete=models.CASCADE, related_name="mapped_from", verbose_name=_("to")
    )

    class Meta:
        verbose_name = _("domain mapping")
        verbose_name_plural = _("domain mappings")

    def __str__(self) -> str:
        return f"{self.source} -> {self.target}"


class Moment(models.TextChoices):
    START = "start", _("Start")
    INTERIM = "interim", _("Interim")
    EVALUATION = "evaluation", _("Evaluation")
    MONITORING = "monitoring", _("Monitoring")


class Measurement(models.Model):
    member = models.ForeignKey(
        "households.Member",
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("member"),
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="+", verbose_name=_("instrument")
    )
    moment = models.CharField(_("moment"), max_length=12, choices=Moment.choices)
    measured_on = models.DateField(_("date"), default=timezone.localdate)
    assessor = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessor")
    )
    trajectory = models.ForeignKey(
        "casework.Trajectory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measurements",
        verbose_name=_("trajectory"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["member", "-measured_on", "-pk"]
        indexes = [
            models.Index(fields=["member", "measured_on"], name="measurement_member_date"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.measured_on}"


class Score(models.Model):
    measurement = models.ForeignKey(
        Measurement, on_delete=models.CASCADE, related_name="scores", verbose_name=_("measurement")
    )
    domain = models.ForeignKey(
        Domain, on_delete=models.PROTECT, related_name="+", verbose_name=_("domain")
    )
    value = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, help_text=_("Empty means: not discussed.")
    )
    remark = models.CharField(_("remark"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["measurement", "domain__order"]
        constraints = [
            models.UniqueConstraint(fields=["measurement", "domain"], name="score_unique_domain"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=1, value__lte=10),
                name="score_value_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.value if self.value is not None else '-'}"


class LatestScore(models.Model):
    """Summary per member and domain: first and latest scored value (kept on every write)."""

    member = models.ForeignKey(
        "households.Member",
        on_delete=models.CASCADE,
        related_name="latest_scores",
        verbose_name=_("member"),
    )
    domain = models.ForeignKey(
        Domain, on_delete=models.CASCADE, related_name="+", verbose_name=_("domain")
    )
    domain_code = models.SlugField(_("domain code"), max_length=40)
    first_value = models.PositiveSmallIntegerField(_("first score"))
    first_on = models.DateField(_("first measured on"))
    first_measurement = models.ForeignKey(
        Measurement, on_delete=models.CASCADE, related_name="+", verbose_name=_("first measurement")
    )
    value = models.PositiveSmallIntegerField(_("latest score"))
    measured_on = models.DateField(_("latest measured on"))
    measurement = models.ForeignKey(
        Measurement,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("latest measurement"),
    )

    class Meta:
        verbose_name = _("latest score")
        verbose_name_plural = _("latest scores")
        ordering = ["member", "domain__order"]
        constraints = [
            models.UniqueConstraint(fields=["member", "domain"], name="latest_score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.domain_code}: {self.value}"
