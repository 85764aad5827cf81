"""Trajectories with their phases, the kitchen-table conversation, the plan and the timeline."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkteam.casework.choices import (
    ActionStatus,
    Answered,
    Direction,
    Frame,
    Intensity,
    LegalFramework,
    NoteKind,
    OwnerKind,
    Phase,
    TakeoverReason,
    Trend,
)
from wijkteam.core.models import VersionedRow
from wijkteam.lifedomains import LifeDomain

# The choices live in choices.py; callers keep importing them from here.
__all__ = [
    "ActionStatus",
    "Answered",
    "Direction",
    "Frame",
    "Intensity",
    "LegalFramework",
    "NoteKind",
    "OwnerKind",
    "Phase",
    "TakeoverReason",
    "Trend",
]

USER = settings.AUTH_USER_MODEL


NEXT_STEPS: dict[str, Any] = {
    Phase.ANALYSIS: _("Hold the kitchen-table conversation"),
    Phase.PLAN: _("Make the plan with the household"),
    Phase.SUPPORT: _("Carry out the actions; evaluate when the goals are in sight"),
    Phase.EVALUATION: _("Evaluate with the household"),
    Phase.MONITORING: _("Check in on the follow-up date"),
    Phase.CLOSED: "",
}


class Trajectory(VersionedRow):
    """The team's work with one household, from analysis to closing."""

    household = models.ForeignKey(
        "households.Household",
        on_delete=models.CASCADE,
        related_name="trajectories",
        verbose_name=_("household"),
    )
    phase = models.CharField(
        _("phase"), max_length=12, choices=Phase.choices, default=Phase.ANALYSIS
    )
    coordinator = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        related_name="coordinated_trajectories",
        verbose_name=_("coordinator"),
    )
    direction = models.CharField(
        _("direction"), max_length=16, choices=Direction.choices, default=Direction.WITH_RESIDENT
    )
    takeover_reason = models.CharField(
        _("reason for taking over"), max_length=16, choices=TakeoverReason.choices, blank=True
    )
    intensity = models.CharField(
        _("intensity"), max_length=10, choices=Intensity.choices, default=Intensity.LIGHT
    )
    escalated_to = models.CharField(_("escalated to"), max_length=200, blank=True)
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    escalation_reason = models.TextField(_("reason for escalation"), blank=True)
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    phase_changed_at = models.DateTimeField(_("phase changed"), default=timezone.now)
    follow_up_on = models.DateField(
        _("next follow-up"),
        null=True,
        blank=True,
        help_text=_("When to check in again during monitoring."),
    )
    monitoring_until = models.DateField(_("monitoring until"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_reason = models.TextField(_("reason for closing"), blank=True)
    last_evaluation = models.ForeignKey(
        "casework.Evaluation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("latest evaluation"),
    )

    class Meta:
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")
        ordering = ["-started_on", "-pk"]
        indexes = [
            models.Index(fields=["household", "started_on"], name="trajectory_household"),
            models.Index(fields=["coordinator", "phase"], name="trajectory_coordinator"),
            # Caseload pages look for a team's open trajectories (docs/benchmark.md).
            models.Index(
                fields=["household"], condition=~Q(phase="closed"), name="trajectory_open_household"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(direction="with_resident") | ~Q(takeover_reason=""),
                name="trajectory_takeover_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} ({self.get_phase_display()})"

    @property
    def is_closed(self) -> bool:
        return self.phase == Phase.CLOSED

    @property
    def evaluated_in_this_phase(self) -> bool:
        """An evaluation was recorded since the trajectory (last) entered its current phase.

        Reads ``last_evaluation``: select it with the trajectory to avoid a query per row.
        """
        evaluation = self.last_evaluation
        if evaluation is None:
            return False
        return evaluation.evaluated_on >= timezone.localtime(self.phase_changed_at).date()

    @property
    def next_step(self) -> str:
        """What the coordinator does next, by phase (shown on "Mijn werk")."""
        return str(NEXT_STEPS.get(self.phase, ""))


class TrajectoryFramework(models.Model):
    """A legal framework the support of a trajectory fell under, chosen on closing."""

    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.CASCADE,
        related_name="frameworks",
        verbose_name=_("trajectory"),
    )
    framework = models.CharField(
        _("legal framework"), max_length=16, choices=LegalFramework.choices
    )

    class Meta:
        verbose_name = _("legal framework of a trajectory")
        verbose_name_plural = _("legal frameworks of trajectories")
        ordering = ["trajectory", "framework"]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "framework"], name="trajectory_framework_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_framework_display())


class Involvement(VersionedRow):
    """A professional working on a trajectory; the coordinator is always one of them."""

    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.CASCADE,
        related_name="involvements",
        verbose_name=_("trajectory"),
    )
    user = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="involvements", verbose_name=_("person")
    )
    role = models.CharField(
        _("role"), max_length=120, help_text=_("E.g. coordinator, debt counsellor.")
    )
    valid_from = models.DateField(_("from"), default=timezone.localdate)
    valid_until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("involvement")
        verbose_name_plural = _("involvements")
        ordering = ["valid_from", "pk"]
        indexes = [
            models.Index(fields=["user", "trajectory"], name="involvement_user"),
            models.Index(fields=["trajectory", "valid_until"], name="involvement_trajectory"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.role}"


class Conversation(models.Model):
    """The kitchen-table conversation of the analysis phase (one per trajectory)."""

    trajectory = models.OneToOneField(
        Trajectory,
        on_delete=models.CASCADE,
        related_name="conversation",
        verbose_name=_("trajectory"),
    )
    held_on = models.DateField(_("held on"), default=timezone.localdate)
    question_asked = models.TextField(_("question asked"))
    question_behind = models.TextField(_("question behind the question"), blank=True)
    strengths = models.TextField(_("strengths and resources"), blank=True)
    ambitions = models.TextField(_("ambitions and needs"), blank=True)
    participation_level = models.PositiveSmallIntegerField(
        _("desired participation level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text=_("1 isolated ... 6 paid work (participation ladder)."),
    )
    author = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    # The author is whoever saved it last; with the time, for the conflict message.
    lock_version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("last changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("kitchen-table conversation")
        verbose_name_plural = _("kitchen-table conversations")

    def __str__(self) -> str:
        return str(self.trajectory)


class Plan(VersionedRow):
    """The household plan; versioned, only the newest version is current."""

    household = models.ForeignKey(
        "households.Household",
        on_delete=models.CASCADE,
        related_name="plans",
        verbose_name=_("household"),
    )
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="plans", verbose_name=_("trajectory")
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current"), default=True)
    starts_on = models.DateField(_("starts on"), default=timezone.localdate)
    agreed_on = models.DateField(
        _("agreed on"),
        null=True,
        blank=True,
        help_text=_("The date the resident agreed to the plan."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["household", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["household", "version"], name="plan_unique_version"),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(is_current=True),
                name="plan_one_current_per_household",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household} v{self.version}"


class ProblemStatement(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="problems", verbose_name=_("plan")
    )
    life_domain = models.CharField(_("life domain"), max_length=32, choices=LifeDomain.choices)
    description = models.TextField(_("problem"))

    class Meta:
        verbose_name = _("problem statement")
        verbose_name_plural = _("problem statements")
        ordering = ["plan", "pk"]

    def __str__(self) -> str:
        return self.description[:60]


class Goal(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("plan")
    )
    problem = models.ForeignKey(
        ProblemStatement, on_delete=models.CASCADE, related_name="goals", verbose_name=_("problem")
    )
    text = models.TextField(_("goal"))

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class IntendedResult(models.Model):
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="results", verbose_name=_("goal")
    )
    text = models.TextField(_("intended result"))

    class Meta:
        verbose_name = _("intended result")
        verbose_name_plural = _("intended results")
        ordering = ["goal", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Solution(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="solutions", verbose_name=_("plan")
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="solutions",
        verbose_name=_("goal"),
    )
    frame = models.CharField(_("frame"), max_length=20, choices=Frame.choices)
    text = models.TextField(_("solution"))

    class Meta:
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")
        ordering = ["plan", "pk"]
        indexes = [models.Index(fields=["plan", "frame"], name="solution_plan_frame")]

    def __str__(self) -> str:
        return self.text[:60]


class Action(VersionedRow):
    """Who does what by when; belongs to a plan and usually to one of its solutions."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="actions", verbose_name=_("plan")
    )
    solution = models.ForeignKey(
        Solution,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("solution"),
    )
    text = models.CharField(_("action"), max_length=300)
    owner_kind = models.CharField(_("who"), max_length=12, choices=OwnerKind.choices)
    owner_user = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="casework_actions",
        verbose_name=_("team member"),
    )
    owner_name = models.CharField(
        _("name"), max_length=160, blank=True, help_text=_("Who does it, when not a team member.")
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["plan", "due_on", "pk"]
        indexes = [
            models.Index(fields=["owner_user", "status", "due_on"], name="action_owner_open")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def owner_label(self) -> str:
        if self.owner_user_id and self.owner_user:
            return str(self.owner_user)
        return self.owner_name or str(self.get_owner_kind_display())


class Note(models.Model):
    """One entry on the household's timeline."""

    household = models.ForeignKey(
        "households.Household",
        on_delete=models.CASCADE,
        related_name="notes",
        verbose_name=_("household"),
    )
    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notes",
        verbose_name=_("trajectory"),
    )
    kind = models.CharField(
        _("type"), max_length=10, choices=NoteKind.choices, default=NoteKind.CONTACT
    )
    text = models.TextField(_("note"))
    occurred_at = models.DateTimeField(_("date and time"), default=timezone.now)
    author = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["household", "occurred_at"], name="note_household_time")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d} {self.get_kind_display()}"


class Evaluation(models.Model):
    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("trajectory"),
    )
    evaluated_on = models.DateField(_("evaluated on"), default=timezone.localdate)
    question_answered = models.CharField(
        _("was the question answered?"), max_length=8, choices=Answered.choices
    )
    what_worked = models.TextField(_("what worked, and why"), blank=True)
    self_reliance = models.CharField(_("self-reliance"), max_length=4, choices=Trend.choices)
    participation = models.CharField(_("participation"), max_length=4, choices=Trend.choices)
    lessons = models.TextField(_("lessons"), blank=True)
    author = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    # When it was saved: a second evaluation from a stale page is told by whom and when.
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-evaluated_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.trajectory} {self.evaluated_on}"


class CaseworkSettings(models.Model):
    """Per-team thresholds for the pitfall signals on the caseload page."""

    team = models.OneToOneField(
        "organisations.Team",
        on_delete=models.CASCADE,
        related_name="casework_settings",
        verbose_name=_("team"),
    )
    no_plan_after_days = models.PositiveIntegerField(_("no plan after (days)"), default=42)
    no_contact_after_days = models.PositiveIntegerField(_("no contact after (days)"), default=42)

    class Meta:
        verbose_name = _("casework settings")
        verbose_name_plural = _("casework settings")

    def __str__(self) -> str:
        return str(self.team)
