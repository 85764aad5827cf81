"""Steering: a municipality's small-number settings and the monthly summary counts.

The summary holds counts only (per team, month, legal framework, indicator and dimension),
never a household or a person; the dashboard reads nothing else per request.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkteam.steering.suppression import MIN_THRESHOLD, Rule


class SteeringSettings(models.Model):
    """Small-number protection of one municipality (defaults when it has no row)."""

    municipality = models.OneToOneField(
        "organisations.Municipality",
        on_delete=models.CASCADE,
        related_name="steering_settings",
        verbose_name=_("municipality"),
    )
    threshold = models.PositiveSmallIntegerField(
        _("smallest number shown"),
        default=10,
        validators=[MinValueValidator(MIN_THRESHOLD)],
        help_text=_("Counts below this number are hidden. Never below 5."),
    )
    rounding = models.PositiveSmallIntegerField(
        _("round to"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("Shown counts are rounded to a multiple of this number (1: no rounding)."),
    )
    min_denominator = models.PositiveIntegerField(
        _("smallest base for a percentage"),
        default=100,
        help_text=_("A percentage is shown only when it is based on at least this many."),
    )

    class Meta:
        verbose_name = _("steering settings")
        verbose_name_plural = _("steering settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(threshold__gte=MIN_THRESHOLD), name="steering_threshold_min_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.threshold}/{self.rounding}/{self.min_denominator}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.threshold is not None and self.threshold < MIN_THRESHOLD:
            errors["threshold"] = str(_("The smallest number shown cannot be below 5."))
        elif self.rounding and self.threshold and self.rounding > self.threshold:
            errors["rounding"] = str(
                _("Round to a number no larger than the smallest number shown.")
            )
        if self.threshold and self.min_denominator < self.threshold:
            errors["min_denominator"] = str(
                _("The base for a percentage cannot be smaller than the smallest number shown.")
            )
        if errors:
            raise ValidationError(errors)

    def rule(self) -> Rule:
        return Rule(
            threshold=self.threshold, rounding=self.rounding, min_denominator=self.min_denominator
        )


class SummaryCount(models.Model):
    """How many of one indicator dimension a team registered in one month."""

    team = models.ForeignKey(
        "organisations.Team", on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    framework = models.CharField(
        _("legal framework"),
        max_length=16,
        blank=True,
        help_text=_("Empty: not registered (trajectories have no legal framework yet)."),
    )
    indicator = models.CharField(_("indicator"), max_length=48)
    dimension = models.CharField(_("dimension"), max_length=48)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("summary count")
        verbose_name_plural = _("summary counts")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "month", "framework", "indicator", "dimension"],
                name="steering_summary_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["indicator", "month", "team"], name="steering_summary_ind_month"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}/{self.dimension} {self.month:%Y-%m} team {self.team_id}: {self.count}"


class SummaryStamp(models.Model):
    """A version per team, indicator, legal framework and year of the summary counts, raised by
    `summaries_refresh` in the same transaction whenever one of those counts is written.

    A request compares the versions (a few rows per team) with the ones a stored pattern was
    made from, instead of scanning the year's summary rows for its fingerprint (on a large city
    that scan alone is a tenth of a second per request). The summary is written only by
    `summaries_refresh`; the job still checks every stored pattern against the full
    fingerprint on each run (`protection.refresh_patterns`)."""

    team = models.ForeignKey(
        "organisations.Team", on_delete=models.CASCADE, related_name="+", verbose_name=_("team")
    )
    indicator = models.CharField(_("indicator"), max_length=48)
    framework = models.CharField(_("legal framework"), max_length=16, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveBigIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("summary stamp")
        verbose_name_plural = _("summary stamps")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "framework", "year", "team"], name="steering_stamp_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year} team {self.team_id}: v{self.version}"


class ProtectedPeriod(models.Model):
    """The protected counts of one indicator and period for every selection of a municipality.

    Written by `steering.protection` (the refresh job, or the first request after the summary
    changed) for a whole calendar year at once: one suppression pattern over the year's months,
    quarters and the year, for the municipality, every area and every team. `cells` maps a
    selection ("M", "A<area id>", "T<team id>") to {dimension: count shown, or "small" /
    "derivable" for a hidden one}; a hidden count is never stored. `fingerprint` names the
    summary rows, teams, areas and rules the year was computed from, so a change is noticed."""

    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("municipality"),
    )
    indicator = models.CharField(_("indicator"), max_length=48)
    period = models.CharField(_("period"), max_length=8, help_text=_("2026-05, 2026-Q2 or 2026."))
    year = models.PositiveSmallIntegerField(_("year"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    stamp = models.CharField(
        _("stamp"),
        max_length=64,
        blank=True,
        help_text=_("The summary versions (SummaryStamp) the fingerprint was checked against."),
    )
    cells = models.JSONField(_("cells"), default=dict)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        verbose_name = _("protected period")
        verbose_name_plural = _("protected periods")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "indicator", "period"], name="steering_protected_unique"
            ),
        ]
        indexes = [
            models.Index(
                fields=["municipality", "indicator", "year"], name="steering_protected_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.indicator} {self.period}"
