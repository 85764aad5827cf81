"""Overviews: the team caseload with pitfall signals, "Mijn werk" and team indicators."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from wijkteam.accounts.models import Role, User
from wijkteam.casework.models import (
    Action,
    ActionStatus,
    CaseworkSettings,
    Frame,
    Goal,
    IntendedResult,
    Note,
    Phase,
    Plan,
    ProblemStatement,
    Solution,
    Trajectory,
)
from wijkteam.casework.selectors.file import DEFAULT_NO_CONTACT_DAYS, DEFAULT_NO_PLAN_DAYS
from wijkteam.organisations.models import Team
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent
from wijkteam.privacy.policy import AccessDenied, Actor, Decision, ViewLevel
from wijkteam.privacy.rules import casework as rules
from wijkteam.privacy.services import access_log_record

# --- caseload, "Mijn werk" and indicators ---------------------------------------------------


def _thresholds(team: Team) -> tuple[int, int]:
    settings = CaseworkSettings.objects.filter(team=team).first()
    if settings is None:
        return DEFAULT_NO_PLAN_DAYS, DEFAULT_NO_CONTACT_DAYS
    return settings.no_plan_after_days, settings.no_contact_after_days


def _annotated_trajectories(team_ids: list[int]) -> QuerySet[Trajectory]:
    last_note = (
        Note.objects.filter(household=OuterRef("household_id"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    current_plan = Plan.objects.filter(household=OuterRef("household_id"), is_current=True)
    return (
        Trajectory.objects.filter(household__team_id__in=team_ids)
        .exclude(phase=Phase.CLOSED)
        .select_related("household", "coordinator")
        .annotate(
            last_contact=Subquery(last_note),
            has_plan=Exists(current_plan),
            has_goals=Exists(
                Goal.objects.filter(plan__household=OuterRef("household_id"), plan__is_current=True)
            ),
            has_results=Exists(
                IntendedResult.objects.filter(
                    goal__plan__household=OuterRef("household_id"), goal__plan__is_current=True
                )
            ),
        )
    )


@dataclass
class CaseloadRow:
    trajectory: Trajectory
    no_plan: bool
    plan_without_goals: bool
    no_recent_contact: bool
    goals_without_results: bool = False

    @property
    def flags(self) -> list[str]:
        return [
            name
            for name in (
                "no_plan",
                "plan_without_goals",
                "goals_without_results",
                "no_recent_contact",
            )
            if getattr(self, name)
        ]


@dataclass
class Caseload:
    team: Team
    rows: list[CaseloadRow]
    no_plan_days: int
    no_contact_days: int
    is_leader: bool

    @property
    def by_coordinator(self) -> list[tuple[User, list[CaseloadRow]]]:
        groups: OrderedDict[int, tuple[User, list[CaseloadRow]]] = OrderedDict()
        for row in self.rows:
            coordinator = row.trajectory.coordinator
            groups.setdefault(coordinator.pk, (coordinator, []))[1].append(row)
        return list(groups.values())


def caseload_teams(*, actor: Actor) -> list[Team]:
    return [
        m.team
        for m in policy.active_memberships(actor.user)
        if m.team_id and m.team is not None and m.role in rules.CASE_ROLES
    ]


def caseload(*, actor: Actor, team: Team) -> Caseload:
    """The team's open trajectories with coordinator, phase, last contact and pitfall flags.

    Metadata only: the household's name, never its content; every team role may see it.
    """
    membership = policy.team_membership(actor.user, team.pk)
    if membership is None or membership.role not in rules.CASE_ROLES:
        raise AccessDenied("not in this team")
    no_plan_days, no_contact_days = _thresholds(team)
    now = timezone.now()
    rows: list[CaseloadRow] = []
    for trajectory in _annotated_trajectories([team.pk]).order_by(
        "coordinator__last_name", "household__name"
    ):
        started = dt.datetime.combine(trajectory.started_on, dt.time.min, tzinfo=dt.UTC)
        rows.append(
            CaseloadRow(
                trajectory=trajectory,
                no_plan=not trajectory.has_plan and (now - started).days > no_plan_days,  # type: ignore[attr-defined]
                plan_without_goals=trajectory.has_plan and not trajectory.has_goals,  # type: ignore[attr-defined]
                no_recent_contact=_no_recent_contact(trajectory, now, no_contact_days),
                goals_without_results=trajectory.has_goals and not trajectory.has_results,  # type: ignore[attr-defined]
            )
        )
    decision = Decision(
        ViewLevel.METADATA, frozenset({policy.Action.VIEW}), membership.role, team.name
    )
    access_log_record(
        actor=actor,
        event=AccessEvent.READ,
        object_type="casework.caseload",
        object_id=team.pk,
        decision=decision,
    )
    return Caseload(team, rows, no_plan_days, no_contact_days, membership.role == Role.TEAM_LEADER)


def _no_recent_contact(trajectory: Trajectory, now: dt.datetime, days: int) -> bool:
    last: dt.datetime | None = trajectory.last_contact  # type: ignore[attr-defined]
    if last is None:
        started = dt.datetime.combine(trajectory.started_on, dt.time.min, tzinfo=dt.UTC)
        return (now - started).days > days
    return (now - last).days > days


def my_work(*, actor: Actor) -> dict[str, Any]:
    """My open actions (due soonest first), my trajectories, follow-ups and evaluations due."""
    user = actor.user
    today = timezone.localdate()
    # A UNION of two indexed lookups: an OR across the coordinator column and the involvement
    # subquery made PostgreSQL scan every trajectory (docs/benchmark.md).
    involved = rules.active_involvements(user).values("trajectory_id")
    mine = (
        Trajectory.objects.filter(coordinator=user)
        .order_by()
        .values("pk")
        .union(involved.order_by())
    )
    trajectories = list(
        Trajectory.objects.filter(pk__in=mine)
        .exclude(phase=Phase.CLOSED)
        .select_related("household", "last_evaluation")
        .order_by("household__name")
    )
    actions = list(
        Action.objects.filter(owner_user=user, status=ActionStatus.OPEN, plan__is_current=True)
        .exclude(plan__trajectory__phase=Phase.CLOSED)
        .select_related("plan__household")
        .order_by(F("due_on").asc(nulls_last=True), "pk")[:50]
    )
    follow_ups = [
        t
        for t in trajectories
        if t.phase == Phase.MONITORING
        and t.follow_up_on
        and t.follow_up_on <= today + dt.timedelta(days=7)
    ]
    evaluations_due = [
        t for t in trajectories if t.phase == Phase.EVALUATION and not t.evaluated_in_this_phase
    ]
    if trajectories or actions:
        access_log_record(
            actor=actor, event=AccessEvent.READ, object_type="casework.my_work", object_id=user.pk
        )
    return {
        "actions": actions,
        "overdue": [a for a in actions if a.due_on and a.due_on < today],
        "trajectories": trajectories,
        "follow_ups": follow_ups,
        "evaluations_due": evaluations_due,
        "today": today,
        "can_create": any(
            rules.may_create_household(user, m.team_id)
            for m in policy.active_memberships(user)
            if m.team_id
        ),
    }


def team_indicators(*, team: Team) -> dict[str, int | float | None]:
    """Aggregate numbers for the team-development pages (no personal data).

    - households_without_plan: open trajectories whose household has no current plan;
    - households_without_recent_contact: open trajectories without a note in 6 weeks;
    - share_tailored_solutions: share of the current plans' solutions in the tailored frame
      (None when there are no solutions);
    - plans_without_goals: current plans of open trajectories without a goal;
    - plans_without_intended_results: such plans with goals but no intended result.
    """
    since = timezone.now() - dt.timedelta(weeks=6)
    open_trajectories = Trajectory.objects.filter(household__team=team).exclude(phase=Phase.CLOSED)
    household_ids = open_trajectories.values("household_id")
    without_plan = open_trajectories.exclude(
        Exists(Plan.objects.filter(household=OuterRef("household_id"), is_current=True))
    ).count()
    without_contact = open_trajectories.exclude(
        Exists(Note.objects.filter(household=OuterRef("household_id"), occurred_at__gte=since))
    ).count()
    solutions = Solution.objects.filter(plan__household__team=team, plan__is_current=True)
    total = solutions.count()
    tailored = solutions.filter(frame=Frame.TAILORED_PROVISION).count() if total else 0
    plans_without_goals = (
        Plan.objects.filter(household_id__in=household_ids, is_current=True)
        .exclude(Exists(Goal.objects.filter(plan=OuterRef("pk"))))
        .count()
    )
    plans_without_results = (
        Plan.objects.filter(household_id__in=household_ids, is_current=True)
        .filter(Exists(Goal.objects.filter(plan=OuterRef("pk"))))
        .exclude(Exists(IntendedResult.objects.filter(goal__plan=OuterRef("pk"))))
        .count()
    )
    return {
        "plans_without_intended_results": plans_without_results,
        "households_without_plan": without_plan,
        "households_without_recent_contact": without_contact,
        "share_tailored_solutions": round(tailored / total, 3) if total else None,
        "plans_without_goals": plans_without_goals,
    }


def households_per_domain(*, team: Team) -> dict[str, int]:
    """Number of the team's households with an open trajectory per life domain of the current
    plan's problems (aggregate, no personal data; used by team development)."""
    rows = (
        ProblemStatement.objects.filter(plan__household__team=team, plan__is_current=True)
        .exclude(plan__trajectory__phase=Phase.CLOSED)
        .values("life_domain")
        .annotate(households=Count("plan__household_id", distinct=True))
        .order_by("life_domain")
    )
    return {row["life_domain"]: int(row["households"]) for row in rows}
