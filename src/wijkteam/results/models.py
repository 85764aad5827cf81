"""Result logic (resultatenlogica): intended effects <- operational results <- approaches.

One municipality (optionally one team) keeps a series of versions; a new version copies the
previous one, and earlier versions stay readable as they were. Only the newest version is
edited. Elements carry an indicator from the steering registry (by key) or manual observations
per period, and an early signal. Nothing here names a resident or a professional: figures come
through steering's protected selectors, comments are about the logic.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkteam.core.models import VersionedRow


class ElementKind(models.TextChoices):
    EFFECT = "effect", _("Intended effect")
    RESULT = "result", _("Operational result")
    APPROACH = "approach", _("Solution or approach")


# A link runs from right to left: an approach contributes to a result, a result to an effect.
LINKABLE = {ElementKind.APPROACH: ElementKind.RESULT, ElementKind.RESULT: ElementKind.EFFECT}


class SignalKind(models.TextChoices):
    NONE = "", _("No early signal")
    ABOVE = "above", _("Value above the threshold")
    BELOW = "below", _("Value below the threshold")
    RISING = "rising", _("Value rising compared with the previous period")
    FALLING = "falling", _("Value falling compared with the previous period")


class ResultLogic(models.Model):
    """One version of a municipality's (or team's) result logic."""

    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("municipality"),
    )
    team = models.ForeignKey(
        "organisations.Team",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
        help_text=_("Empty: the result logic of the whole municipality."),
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    created_at = models.DateTimeField(_("made on"))

    class Meta:
        verbose_name = _("result logic")
        verbose_name_plural = _("result logics")
        ordering = ("municipality", "team", "-version")
        constraints = [
            models.UniqueConstraint(
                fields=("municipality", "team", "version"), name="results_logic_version_unique"
            ),
            models.UniqueConstraint(
                fields=("municipality", "version"),
                condition=models.Q(team__isnull=True),
                name="results_logic_municipality_version_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


def series(logic: ResultLogic, prefix: str = "") -> models.Q:
    """The filter for every version of ``logic``'s series (same municipality, same team)."""
    team = (
        {f"{prefix}team__isnull": True}
        if logic.team_id is None
        else {f"{prefix}team_id": logic.team_id}
    )
    return models.Q(**{f"{prefix}municipality_id": logic.municipality_id}, **team)


class Element(VersionedRow):
    logic = models.ForeignKey(
        ResultLogic, on_delete=models.CASCADE, related_name="elements", verbose_name=_("version")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ElementKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    indicator_key = models.CharField(
        _("indicator"),
        max_length=60,
        blank=True,
        help_text=_(
            "An indicator from the steering catalogue; empty: observations entered by hand."
        ),
    )
    signal_kind = models.CharField(
        _("early signal"), max_length=10, choices=SignalKind.choices, blank=True
    )
    threshold = models.DecimalField(
        _("threshold"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("element")
        verbose_name_plural = _("elements")
        ordering = ("pk",)

    def __str__(self) -> str:
        return self.title


class Link(models.Model):
    """``source`` contributes to ``target`` (approach -> result, result -> effect)."""

    source = models.ForeignKey(
        Element, on_delete=models.CASCADE, related_name="links_out", verbose_name=_("from")
    )
    target = models.ForeignKey(
        Element, on_delete=models.CASCADE, related_name="links_in", verbose_name=_("to")
    )
    rationale = models.CharField(_("rationale"), max_length=500)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        constraints = [
            models.UniqueConstraint(fields=("source", "target"), name="results_link_unique")
        ]

    def __str__(self) -> str:
        return f"{self.source_id} -> {self.target_id}"


class Comment(models.Model):
    element = models.ForeignKey(
        Element, on_delete=models.CASCADE, related_name="comments", verbose_name=_("element")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written on"))

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return self.text[:50]


class Observation(models.Model):
    """A figure entered by hand for one element and period (a quarter: ``2026-Q3``)."""

    element = models.ForeignKey(
        Element, on_delete=models.CASCADE, related_name="observations", verbose_name=_("element")
    )
    period = models.CharField(_("period"), max_length=10)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded on"))

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ("period",)
        constraints = [
            models.UniqueConstraint(fields=("element", "period"), name="results_observation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.value}"


class Reading(models.Model):
    """The steering group's reading of one period (toetsen): what it sees, concludes and
    agrees to adjust. Kept per municipality/team, so it survives new versions of the logic."""

    logic = models.ForeignKey(
        ResultLogic, on_delete=models.CASCADE, related_name="readings", verbose_name=_("version")
    )
    period = models.CharField(_("period"), max_length=10)
    reading = models.TextField(_("reading of the indicators"))
    conclusion = models.TextField(_("conclusion"))
    adjust_policy = models.TextField(_("adjustment of policy"), blank=True)
    adjust_work = models.TextField(_("adjustment of the work"), blank=True)
    adjust_support = models.TextField(_("adjustment of support for professionals"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded on"))

    class Meta:
        verbose_name = _("period reading")
        verbose_name_plural = _("period readings")
        ordering = ("-period",)

    def __str__(self) -> str:
        return self.period


class Change(models.Model):
    """Who changed what in a version, and when (shown on the page)."""

    logic = models.ForeignKey(
        ResultLogic, on_delete=models.CASCADE, related_name="changes", verbose_name=_("version")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("when"))
    what = models.CharField(_("what"), max_length=300)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        ordering = ("-at", "-pk")

    def __str__(self) -> str:
        return self.what
