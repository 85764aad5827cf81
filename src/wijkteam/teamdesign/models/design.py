"""A team's design: answers, composition, self-assessments, quickscans and development plan.

Team design holds no client data: it describes the team, its area and its way of working.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkteam.lifedomains import domain_label
from wijkteam.teamdesign.models.instrument import (
    Competence,
    DesignInstrument,
    Question,
    ReflectionItem,
)


class TeamDesign(models.Model):
    team = models.OneToOneField(
        "organisations.Team",
        on_delete=models.PROTECT,
        related_name="design",
        verbose_name=_("team"),
    )
    instrument = models.ForeignKey(
        DesignInstrument,
        on_delete=models.PROTECT,
        related_name="designs",
        verbose_name=_("instrument"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("team design")
        verbose_name_plural = _("team designs")

    def __str__(self) -> str:
        return str(self.team)


class Answer(models.Model):
    """One answer; ``version`` goes up on every save so concurrent edits are noticed."""

    design = models.ForeignKey(
        TeamDesign, on_delete=models.CASCADE, related_name="answers", verbose_name=_("team design")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="+", verbose_name=_("question")
    )
    text = models.TextField(_("answer"), blank=True)
    choices = models.JSONField(_("chosen options"), default=list, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["design", "question"], name="teamdesign_answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.question.code}"


class DesignSnapshot(models.Model):
    """A frozen version of the start document, kept so a team can see how its design changed."""

    design = models.ForeignKey(
        TeamDesign,
        on_delete=models.CASCADE,
        related_name="snapshots",
        verbose_name=_("team design"),
    )
    number = models.PositiveIntegerField(_("version number"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    frozen_at = models.DateTimeField(_("frozen at"), auto_now_add=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("frozen by"),
    )
    content = models.JSONField(_("content"))

    class Meta:
        verbose_name = _("design version")
        verbose_name_plural = _("design versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["design", "number"], name="teamdesign_snapshot_number")
        ]

    def __str__(self) -> str:
        return f"{self.design} v{self.number}"


class CompositionLine(models.Model):
    """A planned functionality in the team."""

    design = models.ForeignKey(
        TeamDesign,
        on_delete=models.CASCADE,
        related_name="composition",
        verbose_name=_("team design"),
    )
    role = models.CharField(_("role"), max_length=160)
    fte = models.DecimalField(
        _("FTE"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("20"))],
    )
    home_organisation = models.CharField(_("home organisation"), max_length=160, blank=True)
    domains = models.JSONField(_("domains"), default=list, blank=True)
    motivation = models.TextField(_("motivation"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("composition line")
        verbose_name_plural = _("composition lines")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.role

    @property
    def domain_labels(self) -> list[str]:
        return [domain_label(code) for code in self.domains]


class SelfAssessment(models.Model):
    design = models.ForeignKey(
        TeamDesign,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("team design"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person"),
    )
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    lived_experience = models.BooleanField(_("lived-experience expertise"), default=False)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.UniqueConstraint(fields=["design", "user"], name="teamdesign_assessment_once")
        ]

    def __str__(self) -> str:
        return str(self.user)

    def score_for(self, competence: Competence) -> int | None:
        value = self.scores.get(competence.code)
        return int(value) if value else None


class Quickscan(models.Model):
    design = models.ForeignKey(
        TeamDesign,
        on_delete=models.CASCADE,
        related_name="quickscans",
        verbose_name=_("team design"),
    )
    held_on = models.DateField(_("date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses"), blank=True)
    opportunities = models.TextField(_("opportunities"), blank=True)
    threats = models.TextField(_("threats"), blank=True)

    class Meta:
        verbose_name = _("quickscan")
        verbose_name_plural = _("quickscans")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.design} {self.held_on}"


class QuickscanScore(models.Model):
    quickscan = models.ForeignKey(
        Quickscan, on_delete=models.CASCADE, related_name="scores", verbose_name=_("quickscan")
    )
    item = models.ForeignKey(
        ReflectionItem,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("rule or pitfall"),
    )
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    evidence = models.TextField(_("evidence"), blank=True)

    class Meta:
        verbose_name = _("quickscan score")
        verbose_name_plural = _("quickscan scores")
        constraints = [
            models.UniqueConstraint(fields=["quickscan", "item"], name="teamdesign_score_once"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5),
                name="teamdesign_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.score}"


class PlanGoal(models.Model):
    design = models.ForeignKey(
        TeamDesign, on_delete=models.CASCADE, related_name="goals", verbose_name=_("team design")
    )
    title = models.CharField(_("goal"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("development goal")
        verbose_name_plural = _("development goals")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class PlanActionStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class PlanAction(models.Model):
    goal = models.ForeignKey(
        PlanGoal, on_delete=models.CASCADE, related_name="actions", verbose_name=_("goal")
    )
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    owner_text = models.CharField(_("owner (other)"), max_length=160, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=PlanActionStatus.choices, default=PlanActionStatus.OPEN
    )

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def owner_name(self) -> str:
        if self.owner_id:
            return str(self.owner)
        return self.owner_text


class ReviewMoment(models.Model):
    design = models.ForeignKey(
        TeamDesign, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("team design")
    )
    planned_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("review moment")
        verbose_name_plural = _("review moments")
        ordering = ["planned_on", "pk"]

    def __str__(self) -> str:
        return str(self.planned_on)
