"""Reads of casework through the access policy; every read of a household file is logged.

The household file is read in a bounded number of queries whatever the length of its
history (see ``tests/test_queries.py``): the rule's involvement check is an annotation on the
household query, the plan comes with its trajectory, problems/goals/results come in one
joined query, and the timeline is limited.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.db import router
from django.db.models import ForeignKey, Q, QuerySet, Value

from wijkteam.accounts.models import User
from wijkteam.casework.models import (
    Action,
    Frame,
    Involvement,
    LegalFramework,
    Note,
    Plan,
    ProblemStatement,
    Solution,
    Trajectory,
)
from wijkteam.core.compiled import CompiledQuery, Slot, as_big_int
from wijkteam.households.models import Household, NetworkPerson
from wijkteam.households.selectors import MemberView, household_find, members_with_relations
from wijkteam.lifedomains import LifeDomain
from wijkteam.privacy import policy
from wijkteam.privacy.emergency_reads import active_grant, written_under_emergency
from wijkteam.privacy.models import AccessEvent, EmergencyAccess
from wijkteam.privacy.policy import AccessDenied, Actor, Decision, ViewLevel
from wijkteam.privacy.retention import RetentionOutcome, retention_of
from wijkteam.privacy.rules import casework as rules
from wijkteam.privacy.services import access_log_record, log_read

TIMELINE_LIMIT = 100
# The file page shows the latest notes; the full timeline page pages through the rest.
FILE_TIMELINE_LIMIT = 25
DEFAULT_NO_PLAN_DAYS = 42
DEFAULT_NO_CONTACT_DAYS = 42


@dataclass
class GoalView:
    pk: int
    text: str
    results: list[str] = field(default_factory=list)


@dataclass
class ProblemView:
    pk: int
    life_domain: str
    description: str
    goals: list[GoalView] = field(default_factory=list)

    @property
    def life_domain_label(self) -> str:
        return str(LifeDomain(self.life_domain).label)


@dataclass
class SolutionView:
    solution: Solution
    actions: list[Action] = field(default_factory=list)


@dataclass
class PlanView:
    plan: Plan
    problems: list[ProblemView]
    solutions: list[SolutionView]
    loose_actions: list[Action]

    @property
    def goals(self) -> list[GoalView]:
        return [g for p in self.problems for g in p.goals]

    @property
    def frames(self) -> list[tuple[str, str, list[SolutionView]]]:
        """Solutions grouped by the four frames, in their fixed order (empty frames too)."""
        return [
            (value, str(label), [s for s in self.solutions if s.solution.frame == value])
            for value, label in Frame.choices
        ]

    @property
    def all_actions(self) -> list[Action]:
        return [a for s in self.solutions for a in s.actions] + self.loose_actions


@dataclass
class HouseholdFile:
    household: Household
    decision: Decision
    trajectory: Trajectory | None = None
    members: list[MemberView] = field(default_factory=list)
    network: list[NetworkPerson] = field(default_factory=list)
    involvements: list[Involvement] = field(default_factory=list)
    plan: PlanView | None = None
    notes: list[Note] = field(default_factory=list)
    help_frames: list[str] = field(default_factory=list)
    # Emergency access: the running grant (banner) and the notes written under one (marked).
    emergency_grant: EmergencyAccess | None = None
    emergency_note_ids: set[int] = field(default_factory=set)
    # After closing: the legal frameworks chosen, and what happens to the file (retention).
    frameworks: list[str] = field(default_factory=list)
    retention: RetentionOutcome | None = None

    @property
    def framework_labels(self) -> list[str]:
        return [str(LegalFramework(f).label) for f in self.frameworks]

    @property
    def level(self) -> ViewLevel:
        return self.decision.level

    @property
    def work(self) -> bool:
        """May change the file (plan, phase, involvements); not under emergency access."""
        return rules.WORK in self.decision.actions

    @property
    def contact(self) -> bool:
        """Members' date of birth, phone and e-mail (not for civil servants by default)."""
        return rules.CONTACT in self.decision.actions

    @property
    def may_write_note(self) -> bool:
        return rules.WRITE_NOTE in self.decision.actions

    @property
    def full(self) -> bool:
        return self.decision.level >= ViewLevel.FULL

    @property
    def identity(self) -> bool:
        return self.decision.level >= ViewLevel.RESTRICTED

    @property
    def network_by_type(self) -> list[tuple[str, list[NetworkPerson]]]:
        groups: OrderedDict[str, list[NetworkPerson]] = OrderedDict()
        for person in self.network:
            groups.setdefault(str(person.get_relation_type_display()), []).append(person)
        return list(groups.items())


def plan_view_build(plan: Plan) -> PlanView:
    problems: OrderedDict[int, ProblemView] = OrderedDict()
    goals: dict[int, GoalView] = {}
    rows = _PROBLEMS.rows(router.db_for_read(ProblemStatement), plan_id=plan.pk)
    for pk, life_domain, description, goal_pk, goal_text, result_text in rows:
        problem = problems.setdefault(pk, ProblemView(pk, life_domain, description))
        if goal_pk is None:
            continue
        if goal_pk not in goals:
            goals[goal_pk] = GoalView(goal_pk, goal_text)
            problem.goals.append(goals[goal_pk])
        if result_text:
            goals[goal_pk].results.append(result_text)
    solutions, loose = _solutions_and_actions(plan)
    return PlanView(plan, list(problems.values()), solutions, loose)


def _names(model: Any) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def _solutions_and_actions(plan: Plan) -> tuple[list[SolutionView], list[Action]]:
    """The plan's solutions with their actions, and the actions without a solution, in one
    query: solutions LEFT JOIN actions (and their owner), UNION ALL the loose actions with
    empty solution columns. Actions are ordered by due date (undated last), then id."""
    s_names, a_names, u_names = _S_NAMES, _A_NAMES, _U_NAMES
    db = router.db_for_read(Action)
    solutions: dict[int, SolutionView] = {}
    loose: list[Action] = []
    s_end, a_end = len(s_names), len(s_names) + len(a_names)
    for row in _SOLUTIONS_AND_ACTIONS.rows(db, plan_id=plan.pk):
        solution_view = None
        if row[0] is not None:
            solution_view = solutions.get(row[0])
            if solution_view is None:
                solution = Solution.from_db(db, s_names, row[:s_end])
                solution.plan = plan
                solution_view = solutions[row[0]] = SolutionView(solution)
        if row[s_end] is None:  # a solution without actions
            continue
        action = Action.from_db(db, a_names, row[s_end:a_end])
        action.plan = plan
        action.owner_user = None if row[a_end] is None else User.from_db(db, u_names, row[a_end:])
        (solution_view.actions if solution_view else loose).append(action)
    for view in solutions.values():
        view.actions.sort(key=_action_order)
    loose.sort(key=_action_order)
    return [solutions[pk] for pk in sorted(solutions)], loose


def _action_order(action: Action) -> tuple[bool, dt.date, int]:
    return (action.due_on is None, action.due_on or dt.date.min, action.pk)


# The file's reads, each with its SQL built once per connection (core/compiled.py): only the
# household, plan or trajectory id changes from one request to the next.
def _current_plan_query(*, household_id: int) -> QuerySet[Plan]:
    return (
        Plan.objects.filter(household_id=household_id, is_current=True)
        .select_related(
            "trajectory__coordinator",
            "trajectory__conversation",
            "trajectory__last_evaluation__author",
        )
        .order_by("pk")[:1]  # at most one current plan per household (a constraint)
    )


def _timeline_query(*, household_id: int) -> QuerySet[Note]:
    return (
        Note.objects.filter(household_id=household_id)
        .select_related("author")
        .annotate(under_emergency=written_under_emergency())
        .order_by("-occurred_at", "-pk")[:FILE_TIMELINE_LIMIT]
    )


def _problems_query(*, plan_id: int) -> QuerySet[ProblemStatement, tuple[Any, ...]]:
    return (
        ProblemStatement.objects.filter(plan_id=plan_id)
        .order_by("pk", "goals__pk", "goals__results__pk")
        .values_list(
            "pk", "life_domain", "description", "goals__pk", "goals__text", "goals__results__text"
        )
    )


_S_NAMES, _A_NAMES, _U_NAMES = _names(Solution), _names(Action), _names(User)


def _solutions_and_actions_query(*, plan_id: int) -> QuerySet[Any, tuple[Any, ...]]:
    with_solution = (
        Solution.objects.filter(plan_id=plan_id)
        .order_by()
        .values_list(
            *_S_NAMES,
            *(f"actions__{n}" for n in _A_NAMES),
            *(f"actions__owner_user__{n}" for n in _U_NAMES),
        )
    )
    empty = {
        f"empty_{f.attname}": Value(
            None, output_field=f.target_field if isinstance(f, ForeignKey) else f
        )
        for f in Solution._meta.concrete_fields
    }
    loose_only = (
        Action.objects.filter(plan_id=plan_id, solution__isnull=True)
        .order_by()
        .annotate(**empty)
        .values_list(*empty, *_A_NAMES, *(f"owner_user__{n}" for n in _U_NAMES))
    )
    return with_solution.union(loose_only, all=True)


_ID = Slot(1, 2, as_big_int)
_CURRENT_PLAN = CompiledQuery(_current_plan_query, household_id=_ID)
_NETWORK = CompiledQuery(
    lambda *, household_id: NetworkPerson.objects.filter(household_id=household_id),
    household_id=_ID,
)
_INVOLVEMENTS = CompiledQuery(
    lambda *, trajectory_id: (
        Involvement.objects.filter(trajectory_id=trajectory_id)
        .select_related("user")
        .order_by("valid_from", "pk")
    ),
    trajectory_id=_ID,
)
_TIMELINE = CompiledQuery(_timeline_query, household_id=_ID)
_PROBLEMS = CompiledQuery(_problems_query, plan_id=_ID)
_SOLUTIONS_AND_ACTIONS = CompiledQuery(_solutions_and_actions_query, plan_id=_ID)


def household_file(*, actor: Actor, household_id: int) -> HouseholdFile:
    """The household file at the actor's view level; the read is logged."""
    household, decision = household_find(actor=actor, household_id=household_id)
    log_read(actor, household, decision)
    result = HouseholdFile(household=household, decision=decision)
    plan: Plan | None = None
    db = router.db_for_read(Plan)
    if decision.level >= ViewLevel.FULL:
        current = _CURRENT_PLAN.instances(db, household_id=household.pk)
        plan = current[0] if current else None
    if plan is not None:
        result.trajectory = plan.trajectory
    else:
        result.trajectory = (
            Trajectory.objects.filter(household=household)
            .select_related("coordinator", "conversation", "last_evaluation__author")
            .order_by("-started_on", "-pk")
            .first()
        )
    if decision.level >= ViewLevel.RESTRICTED:
        result.members = members_with_relations(household=household, contact=result.contact)
        # Like the kind of help: which laws the support fell under and how long it is kept.
        if result.trajectory is not None and result.trajectory.is_closed:
            result.frameworks = list(
                result.trajectory.frameworks.values_list("framework", flat=True)
            )
            result.retention = retention_of(household=household)
    if decision.level == ViewLevel.RESTRICTED:
        # The kind of help only: which frames the plan uses, never its content.
        frames = set(
            Solution.objects.filter(plan__household=household, plan__is_current=True).values_list(
                "frame", flat=True
            )
        )
        result.help_frames = [str(label) for value, label in Frame.choices if value in frames]
    if decision.level >= ViewLevel.FULL:
        result.network = _NETWORK.instances(db, household_id=household.pk)
        if result.trajectory is not None:
            result.involvements = _INVOLVEMENTS.instances(db, trajectory_id=result.trajectory.pk)
        result.notes = _TIMELINE.instances(db, household_id=household.pk)
        result.emergency_note_ids = {n.pk for n in result.notes if n.under_emergency}  # type: ignore[attr-defined]
        if decision.role == policy.EMERGENCY_ACCESS_ROLE:
            result.emergency_grant = active_grant(actor.user, household.pk)
        if plan is not None:
            plan.household = household
            result.plan = plan_view_build(plan)
    return result


def household_for_note(*, actor: Actor, household_id: int) -> Household:
    """The household, for somebody who may add a note (involved, or under emergency access)."""
    household, decision = household_find(actor=actor, household_id=household_id)
    if rules.WRITE_NOTE not in decision.actions:
        raise AccessDenied("may not write notes")
    return household


def _full_household(actor: Actor, household_id: int) -> tuple[Household, Decision]:
    household, decision = household_find(actor=actor, household_id=household_id)
    if rules.WORK not in decision.actions:
        raise AccessDenied("not involved")
    return household, decision


def _readable_household(actor: Actor, household_id: int) -> tuple[Household, Decision]:
    """The household for somebody who may read the whole file: involved, or under emergency
    access (read only). Team colleagues who are not involved see metadata only."""
    household, decision = household_find(actor=actor, household_id=household_id)
    if decision.level < ViewLevel.FULL:
        raise AccessDenied("may not read the file")
    return household, decision


def trajectory_for_read(*, actor: Actor, household_id: int) -> tuple[Trajectory, Decision]:
    """The household's latest trajectory for a page that only shows it (not logged here)."""
    household, decision = _readable_household(actor, household_id)
    trajectory = (
        Trajectory.objects.filter(household=household)
        .select_related("conversation", "last_evaluation")
        .order_by("-started_on", "-pk")
        .first()
    )
    if trajectory is None:
        raise AccessDenied("no trajectory")
    trajectory.household = household
    return trajectory, decision


def trajectory_for_work(*, actor: Actor, household_id: int, log: bool = False) -> Trajectory:
    """The household's latest trajectory, for an involved professional.

    ``log=True`` when its content is shown (a form page); a change made with it is logged by
    the service instead.
    """
    household, decision = _full_household(actor, household_id)
    trajectory = (
        Trajectory.objects.filter(household=household)
        .select_related("conversation", "last_evaluation")
        .order_by("-started_on", "-pk")
        .first()
    )
    if trajectory is None:
        raise AccessDenied("no trajectory")
    trajectory.household = household
    if log:
        log_read(actor, trajectory, decision)
    return trajectory


def plan_for_work(*, actor: Actor, household_id: int) -> Plan | None:
    household, _decision = _full_household(actor, household_id)
    plan = (
        Plan.objects.filter(household=household, is_current=True)
        .select_related("trajectory")
        .first()
    )
    if plan is not None:
        plan.household = household
        plan.trajectory.household = household
    return plan


def plan_view_for(
    *, actor: Actor, household_id: int, event: str = AccessEvent.READ
) -> PlanView | None:
    """The current plan with everything in it (plan page, PDF); the read is logged.

    Readable by whoever may read the whole file (also under emergency access); changing it
    needs the work right (``plan_for_work``)."""
    household, decision = _readable_household(actor, household_id)
    plan = (
        Plan.objects.filter(household=household, is_current=True)
        .select_related("trajectory")
        .first()
    )
    if plan is not None:
        plan.household = household
        plan.trajectory.household = household
    access_log_record(
        actor=actor,
        event=event,
        object_type="casework.plan",
        object_id=plan.pk if plan else household.pk,
        decision=decision,
    )
    return plan_view_build(plan) if plan else None


def action_for_work(
    *, actor: Actor, household_id: int, action_id: int, log: bool = False
) -> Action:
    household, decision = _full_household(actor, household_id)
    action = (
        Action.objects.filter(pk=action_id, plan__household=household)
        .select_related("plan")
        .first()
    )
    if action is None:
        raise AccessDenied("no such action")
    action.plan.household = household
    if log:
        log_read(actor, action, decision)
    return action


def timeline_page(
    *, actor: Actor, household_id: int, before: int | None = None, size: int = TIMELINE_LIMIT
) -> tuple[Household, list[Note], int | None]:
    """Older notes, newest first, keyset-paginated on (occurred_at, id); the read is logged.

    Returns the notes and the id to continue from (None on the last page).
    """
    household, decision = _full_household(actor, household_id)
    notes = Note.objects.filter(household=household).select_related("author")
    if before is not None:
        anchor = Note.objects.filter(pk=before, household=household).values("occurred_at").first()
        if anchor is None:
            raise AccessDenied("no such note")
        notes = notes.filter(
            Q(occurred_at__lt=anchor["occurred_at"])
            | Q(occurred_at=anchor["occurred_at"], pk__lt=before)
        )
    page = list(notes.order_by("-occurred_at", "-pk")[: size + 1])
    log_read(actor, household, decision, object_type="casework.timeline")
    next_before = page[size - 1].pk if len(page) > size else None
    return household, page[:size], next_before


def note_page(*, actor: Actor, household_id: int, before: int | None, size: int) -> list[Note]:
    """The API's notes list: up to ``size`` notes, newest first, older than the note
    ``before`` (keyset on occurred_at and id; a note not in this household: none). For who
    may read the whole file (involved, or under emergency access); each page's read is
    logged."""
    household, decision = _readable_household(actor, household_id)
    notes = Note.objects.filter(household=household).select_related("author")
    if before is not None:
        anchor = Note.objects.filter(pk=before, household=household).values("occurred_at").first()
        if anchor is None:
            notes = notes.none()
        else:
            notes = notes.filter(
                Q(occurred_at__lt=anchor["occurred_at"])
                | Q(occurred_at=anchor["occurred_at"], pk__lt=before)
            )
    log_read(actor, household, decision, object_type="casework.timeline")
    return list(notes.order_by("-occurred_at", "-pk")[:size])
