"""Instruments as data: a versioned set of building blocks, questions, rules and competences.

Texts are stored in Dutch and English; :func:`pick` returns the one for the active language.
A published version is never changed in place: an administrator copies it to a draft, edits
the draft and publishes it, so designs keep pointing at the version they were made with.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def pick(nl: str, en: str) -> str:
    """The text for the active language (English when asked and present, else Dutch)."""
    language = translation.get_language() or "nl"
    if language.startswith("en") and en:
        return en
    return nl or en


class DesignInstrument(models.Model):
    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
        help_text=_("Empty for the version shipped with Wijkteam."),
    )
    code = models.CharField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Parts that are only read, never answered: score scale, example composition,
    # development plan prompts and the checklist against the model.
    extra = models.JSONField(_("other instrument data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "code", "version"], name="teamdesign_instrument_version"
            ),
            models.UniqueConstraint(
                fields=["code", "version"],
                condition=models.Q(municipality__isnull=True),
                name="teamdesign_instrument_shipped_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @property
    def name(self) -> str:
        return pick(self.name_nl, self.name_en)

    @property
    def description(self) -> str:
        return pick(self.description_nl, self.description_en)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def extra_text(self, key: str) -> str:
        value: Any = self.extra.get("development_plan_prompts", {}).get(key, {})
        return pick(value.get("nl", ""), value.get("en", "")) if isinstance(value, dict) else ""


class Block(models.Model):
    instrument = models.ForeignKey(
        DesignInstrument,
        on_delete=models.CASCADE,
        related_name="blocks",
        verbose_name=_("instrument"),
    )
    code = models.CharField(_("code"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"))
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    intro_nl = models.TextField(_("introduction (Dutch)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)

    class Meta:
        verbose_name = _("building block")
        verbose_name_plural = _("building blocks")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="teamdesign_block_code")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick(self.title_nl, self.title_en)

    @property
    def intro(self) -> str:
        return pick(self.intro_nl, self.intro_en)


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    CHOICE = "choice", _("One choice")
    MULTICHOICE = "multichoice", _("Several choices")


class Question(models.Model):
    block = models.ForeignKey(
        Block, on_delete=models.CASCADE, related_name="questions", verbose_name=_("building block")
    )
    code = models.CharField(_("code"), max_length=80)
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices)
    text_nl = models.TextField(_("question (Dutch)"))
    text_en = models.TextField(_("question (English)"), blank=True)
    help_nl = models.TextField(_("help text (Dutch)"), blank=True)
    help_en = models.TextField(_("help text (English)"), blank=True)
    applies_to = models.JSONField(
        _("applies to organisation models"),
        default=list,
        blank=True,
        help_text=_("Empty: asked of every team."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["block__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["block", "code"], name="teamdesign_question_code")
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def text(self) -> str:
        return pick(self.text_nl, self.text_en)

    @property
    def help(self) -> str:
        return pick(self.help_nl, self.help_en)

    def applies(self, organisation_model: str) -> bool:
        return not self.applies_to or organisation_model in self.applies_to


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question")
    )
    code = models.CharField(_("code"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"))
    label_nl = models.CharField(_("label (Dutch)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="teamdesign_choice_code")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return pick(self.label_nl, self.label_en)


class ItemKind(models.TextChoices):
    RULE = "rule", _("Golden rule")
    PITFALL = "pitfall", _("Pitfall")
    SWOT = "swot", _("SWOT prompt")
    DILEMMA = "dilemma", _("Dilemma")


class ReflectionItem(models.Model):
    """A golden rule, pitfall, SWOT prompt or dilemma: what a team reflects on."""

    instrument = models.ForeignKey(
        DesignInstrument,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("instrument"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    code = models.CharField(_("code"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"))
    title_nl = models.CharField(_("title (Dutch)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    explanation_nl = models.TextField(_("explanation (Dutch)"), blank=True)
    explanation_en = models.TextField(_("explanation (English)"), blank=True)
    evidence_hint_nl = models.TextField(_("evidence hint (Dutch)"), blank=True)
    evidence_hint_en = models.TextField(_("evidence hint (English)"), blank=True)
    system_indicator = models.CharField(
        _("system indicator"),
        max_length=60,
        blank=True,
        help_text=_("Code of a figure the system can show beside the team's own score."),
    )

    class Meta:
        verbose_name = _("reflection item")
        verbose_name_plural = _("reflection items")
        ordering = ["kind", "order"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="teamdesign_item_code")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return pick(self.title_nl, self.title_en)

    @property
    def explanation(self) -> str:
        return pick(self.explanation_nl, self.explanation_en)

    @property
    def evidence_hint(self) -> str:
        return pick(self.evidence_hint_nl, self.evidence_hint_en)


class CompetenceGroup(models.TextChoices):
    GENERALIST = "generalist", _("Generalist competences")
    COMPLEX = "complex", _("Competences for complex cases")
    PERSONAL = "personal", _("Personal competences")


class Competence(models.Model):
    instrument = models.ForeignKey(
        DesignInstrument,
        on_delete=models.CASCADE,
        related_name="competences",
        verbose_name=_("instrument"),
    )
    group = models.CharField(_("group"), max_length=12, choices=CompetenceGroup.choices)
    code = models.CharField(_("code"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"))
    label_nl = models.CharField(_("label (Dutch)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)
    help_nl = models.TextField(_("help text (Dutch)"), blank=True)
    help_en = models.TextField(_("help text (English)"), blank=True)

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "code"], name="teamdesign_competence_code"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return pick(self.label_nl, self.label_en)

    @property
    def help(self) -> str:
        return pick(self.help_nl, self.help_en)
