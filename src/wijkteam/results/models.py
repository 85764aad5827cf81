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


# --- what was prevented, and the social cost-benefit view (MKBA) ----------------------------


class OutcomeKind(models.TextChoices):
    PREVENTED = "prevented", _("Prevented")
    ACHIEVED = "achieved", _("Achieved")


class Likelihood(models.TextChoices):
    LIKELY = "likely", _("Likely")
    CERTAIN = "certain", _("Certain")


class OutcomeOption(models.Model):
    """One entry of the "what was prevented or achieved" list. Rows without a municipality
    are the shipped list; a municipality with rows of its own uses those instead."""

    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    key = models.SlugField(_("key"), max_length=40)
    label = models.CharField(_("label"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=OutcomeKind.choices)
    unit_cost_key = models.SlugField(
        _("unit cost"),
        max_length=40,
        blank=True,
        help_text=_("The unit cost that values an avoided case; empty: not given a euro value."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("outcome option")
        verbose_name_plural = _("outcome options")
        ordering = ("position", "pk")
        constraints = [
            models.UniqueConstraint(fields=("municipality", "key"), name="results_option_unique")
        ]

    def __str__(self) -> str:
        return self.label


class PreventedOutcome(models.Model):
    """What the support of one trajectory helped prevent or achieve, as its professionals
    judge it: likely or certain. Optional; counted (protected) in the MKBA."""

    trajectory = models.ForeignKey(
        "casework.Trajectory",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("trajectory"),
    )
    outcome = models.SlugField(_("outcome"), max_length=40)
    likelihood = models.CharField(_("likelihood"), max_length=10, choices=Likelihood.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded on"))

    class Meta:
        verbose_name = _("prevented or achieved outcome")
        verbose_name_plural = _("prevented or achieved outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=("trajectory", "outcome"), name="results_prevented_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.outcome} ({self.likelihood})"


class UnitCost(models.Model):
    """A published (or the municipality's own) cost figure, with its source, year and price
    level. Shipped rows have no municipality; a municipality's override is a row with the same
    key; a change is a new row with a higher version (the report names the version used)."""

    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    key = models.SlugField(_("key"), max_length=40)
    version = models.PositiveIntegerField(_("version"), default=1)
    item = models.CharField(_("item"), max_length=200)
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=80)
    year = models.PositiveSmallIntegerField(_("year of the figure"))
    price_level = models.PositiveSmallIntegerField(_("price level (year)"))
    source = models.CharField(_("source"), max_length=300)
    verified = models.BooleanField(_("verified"), default=True)

    class Meta:
        verbose_name = _("unit cost")
        verbose_name_plural = _("unit costs")
        ordering = ("key", "-version")
        constraints = [
            models.UniqueConstraint(
                fields=("municipality", "key", "version"), name="results_unit_cost_unique"
            )
        ]

    def __str__(self) -> str:
        return self.item


class IndexValue(models.Model):
    """One year of a price index series. Shipped rows (no municipality): the CBS consumer price
    index, 2015 = 100, chained from CBS's yearly changes (``verified`` False where a change was
    not read at CBS itself). A municipality's own series (``series="own"``) has its rows; a
    change of a year is a new row with a higher version, earlier ones are kept."""

    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    series = models.SlugField(_("series"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveIntegerField(_("version"), default=1)
    value = models.DecimalField(_("index"), max_digits=8, decimal_places=2)
    source = models.CharField(_("source"), max_length=300)
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("Checked against the publication named in the source."),
    )

    class Meta:
        verbose_name = _("index value")
        verbose_name_plural = _("index values")
        ordering = ("series", "year", "-version")
        constraints = [
            models.UniqueConstraint(
                fields=("series", "year", "version"),
                condition=models.Q(municipality__isnull=True),
                name="results_index_shipped_unique",
            ),
            models.UniqueConstraint(
                fields=("municipality", "series", "year", "version"),
                name="results_index_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}"


class IndexChoice(models.Model):
    """Which index series a municipality's MKBA uses. A change is a new row (the newest
    counts), so the page can say who chose which series when."""

    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("municipality"),
    )
    series = models.SlugField(_("series"), max_length=40)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("chosen by"),
    )
    chosen_at = models.DateTimeField(_("chosen on"))

    class Meta:
        verbose_name = _("index series choice")
        verbose_name_plural = _("index series choices")
        ordering = ("-chosen_at", "-pk")

    def __str__(self) -> str:
        return self.series
