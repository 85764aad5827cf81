"""Writes of casework: phases, conversation, plan, actions, notes, evaluation, closing.

Every service checks its preconditions, asks the policy for the right to work on the
household file, and records the change in the access log inside its transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wijkteam.accounts.models import User
from wijkteam.casework.models import (
    Action,
    ActionStatus,
    Frame,
    Goal,
    IntendedResult,
    OwnerKind,
    Plan,
    ProblemStatement,
    Solution,
    Trajectory,
)
from wijkteam.casework.services.common import (
    ConflictError,
    _open,
    _work,
)
from wijkteam.core.conflicts import Stamp, describe, row_stamp
from wijkteam.lifedomains import LifeDomain
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent
from wijkteam.privacy.policy import Actor, Decision
from wijkteam.privacy.services import log_change

# --- plan ---------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, actor: Actor, trajectory: Trajectory, starts_on: dt.date | None = None) -> Plan:
    """The first plan of a trajectory (later changes go through plan_new_version)."""
    decision = _work(actor, trajectory.household)
    _open(trajectory)
    household = trajectory.household
    if Plan.objects.filter(household=household, is_current=True).exists():
        raise ValidationError(_("This household already has a plan; make a new version instead."))
    last = (
        Plan.objects.filter(household=household)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    plan = Plan.objects.create(
        household=household,
        trajectory=trajectory,
        version=(last or 0) + 1,
        starts_on=starts_on or timezone.localdate(),
        created_by=actor.user,
    )
    log_change(actor, plan, decision, event=AccessEvent.CREATE)
    return plan


def _plan_moved_on(current: Plan, shown: int) -> ConflictError:
    newer = (
        Plan.objects.filter(household_id=current.household_id, version__gt=shown)
        .select_related("created_by")
        .order_by("-version")
        .first()
    )
    if newer is None:  # the shown version was retired by a new trajectory
        return ConflictError(_("This is an old version of the plan."), current=current)
    stamp = Stamp.of(newer.created_by, newer.created_at)
    who = stamp.by or _("Someone else")
    local = timezone.localtime(stamp.at) if stamp.at else None
    return ConflictError(
        _(
            "%(who)s made version %(version)s of the plan at %(time)s; your page showed "
            "version %(shown)s. Nothing was saved: look at the current plan and do it again there."
        )
        % {
            "who": who,
            "version": newer.version,
            "time": date_format(local, "DATETIME_FORMAT") if local else "?",
            "shown": shown,
        },
        current=newer,
        stamp=stamp,
    )


def _lock_plan(plan: Plan, plan_version: int | None) -> Plan:
    """The plan row, locked for this transaction, if it is still the version the page showed.

    ``select_for_update`` makes a second request with the same version wait on PostgreSQL
    until the first commits and then see the moved-on row (SQLite runs writers one at a
    time anyway); the version check then refuses it, so two quick clicks make one version.
    """
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    shown = current.version if plan_version is None else plan_version
    if current.version != shown or not current.is_current:
        raise _plan_moved_on(current, shown)
    return current


def _check_plan_lock(plan: Plan, lock_version: int, plan_version: int | None) -> Plan:
    current = _lock_plan(plan, plan_version)
    if current.lock_version != lock_version:
        stamp = Stamp.of(current.updated_by, current.updated_at)
        raise ConflictError(describe(stamp, [_("Agreed on")]), current=current, stamp=stamp)
    return current


@transaction.atomic
def plan_new_version(
    *, actor: Actor, plan: Plan, lock_version: int, plan_version: int | None = None
) -> Plan:
    """Copy the current plan into a new version; the old one stays as history.

    ``plan_version`` is the version the page showed (the plan's own when not given).
    """
    decision = _work(actor, plan.household)
    plan = _check_plan_lock(plan, lock_version, plan_version)
    Plan.objects.filter(pk=plan.pk).update(
        is_current=False,
        lock_version=F("lock_version") + 1,
        updated_by=actor.user,
        updated_at=timezone.now(),
    )
    new = Plan.objects.create(
        household=plan.household,
        trajectory=plan.trajectory,
        version=plan.version + 1,
        starts_on=timezone.localdate(),
        created_by=actor.user,
    )
    goal_map: dict[int, Goal] = {}
    problem_map: dict[int, ProblemStatement] = {}
    for problem in plan.problems.all():
        problem_map[problem.pk] = ProblemStatement.objects.create(
            plan=new, life_domain=problem.life_domain, description=problem.description
        )
    for goal in plan.goals.prefetch_related("results"):
        copy = Goal.objects.create(plan=new, problem=problem_map[goal.problem_id], text=goal.text)
        goal_map[goal.pk] = copy
        IntendedResult.objects.bulk_create(
            IntendedResult(goal=copy, text=r.text) for r in goal.results.all()
        )
    solution_map: dict[int, Solution] = {}
    for solution in plan.solutions.all():
        solution_map[solution.pk] = Solution.objects.create(
            plan=new,
            goal=goal_map.get(solution.goal_id or 0),
            frame=solution.frame,
            text=solution.text,
        )
    for action in plan.actions.exclude(status=ActionStatus.CANCELLED):
        Action.objects.create(
            plan=new,
            solution=solution_map.get(action.solution_id or 0),
            text=action.text,
            owner_kind=action.owner_kind,
            owner_user=action.owner_user,
            owner_name=action.owner_name,
            due_on=action.due_on,
            status=action.status,
        )
    # Open actions live on in the new version only; the old plan keeps them as cancelled history.
    plan.actions.filter(status=ActionStatus.OPEN).update(
        status=ActionStatus.CANCELLED,
        lock_version=F("lock_version") + 1,
        updated_by=actor.user,
        updated_at=timezone.now(),
    )
    log_change(actor, new, decision, event=AccessEvent.CREATE)
    return new


@transaction.atomic
def plan_agree(
    *,
    actor: Actor,
    plan: Plan,
    lock_version: int,
    agreed_on: dt.date,
    plan_version: int | None = None,
) -> Plan:
    """Record the date the resident agreed to the plan: only on the version the page showed."""
    decision = _work(actor, plan.household)
    _check_plan_lock(plan, lock_version, plan_version)
    if agreed_on > timezone.localdate():
        raise ValidationError({"agreed_on": _("The date of agreement cannot be in the future.")})
    Plan.objects.filter(pk=plan.pk).update(
        agreed_on=agreed_on,
        lock_version=F("lock_version") + 1,
        updated_by=actor.user,
        updated_at=timezone.now(),
    )
    plan.refresh_from_db()
    log_change(actor, plan, decision)
    return plan


def _plan_item(actor: Actor, plan: Plan, plan_version: int | None) -> Decision:
    """May add to this plan: it is (still) current and the version the page showed."""
    decision = _work(actor, plan.household)
    if not plan.is_current:
        raise ValidationError(_("This is an old version of the plan."))
    _lock_plan(plan, plan_version)
    _open(plan.trajectory)
    return decision


@transaction.atomic
def problem_add(
    *,
    actor: Actor,
    plan: Plan,
    life_domain: str,
    description: str,
    plan_version: int | None = None,
) -> ProblemStatement:
    decision = _plan_item(actor, plan, plan_version)
    if life_domain not in LifeDomain.values:
        raise ValidationError({"life_domain": _("Choose a life domain.")})
    if not description.strip():
        raise ValidationError({"description": _("Describe the problem.")})
    problem = ProblemStatement.objects.create(
        plan=plan, life_domain=life_domain, description=description.strip()
    )
    log_change(actor, plan, decision)
    return problem


@transaction.atomic
def goal_add(
    *,
    actor: Actor,
    plan: Plan,
    problem: ProblemStatement,
    text: str,
    results: list[str] | None = None,
    plan_version: int | None = None,
) -> Goal:
    """A goal for one of the plan's problems, with its intended results (one per line)."""
    decision = _plan_item(actor, plan, plan_version)
    if not text.strip():
        raise ValidationError({"text": _("Describe the goal.")})
    if problem.plan_id != plan.pk:
        raise ValidationError({"problem": _("Choose a problem of this plan.")})
    goal = Goal.objects.create(plan=plan, problem=problem, text=text.strip())
    IntendedResult.objects.bulk_create(
        IntendedResult(goal=goal, text=r.strip()) for r in results or [] if r.strip()
    )
    log_change(actor, plan, decision)
    return goal


@transaction.atomic
def solution_add(
    *,
    actor: Actor,
    plan: Plan,
    frame: str,
    text: str,
    goal: Goal | None = None,
    plan_version: int | None = None,
) -> Solution:
    decision = _plan_item(actor, plan, plan_version)
    if frame not in Frame.values:
        raise ValidationError({"frame": _("Choose one of the four frames.")})
    if not text.strip():
        raise ValidationError({"text": _("Describe the solution.")})
    if goal is not None and goal.plan_id != plan.pk:
        raise ValidationError({"goal": _("Choose a goal of this plan.")})
    solution = Solution.objects.create(plan=plan, frame=frame, text=text.strip(), goal=goal)
    log_change(actor, plan, decision)
    return solution


def _validate_action(
    plan: Plan, owner_kind: str, owner_user: User | None, owner_name: str, due_on: dt.date | None
) -> None:
    errors: dict[str, str] = {}
    if owner_kind not in OwnerKind.values:
        errors["owner_kind"] = _("Choose who does it.")
    elif owner_kind == OwnerKind.TEAM_MEMBER and owner_user is None:
        errors["owner_user"] = _("Choose the team member who does it.")
    elif owner_kind != OwnerKind.TEAM_MEMBER and not owner_name.strip():
        errors["owner_name"] = _("Write down who does it.")
    if (
        owner_user is not None
        and policy.team_membership(owner_user, plan.household.team_id) is None
    ):
        errors["owner_user"] = _("Choose a member of the household's team.")
    if due_on and due_on < plan.starts_on:
        errors["due_on"] = _("The due date cannot be before the plan starts (%(date)s).") % {
            "date": date_format(plan.starts_on)
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def action_add(
    *,
    actor: Actor,
    plan: Plan,
    text: str,
    owner_kind: str,
    owner_user: User | None = None,
    owner_name: str = "",
    due_on: dt.date | None = None,
    solution: Solution | None = None,
    plan_version: int | None = None,
) -> Action:
    decision = _plan_item(actor, plan, plan_version)
    if not text.strip():
        raise ValidationError({"text": _("Describe the action.")})
    if solution is not None and solution.plan_id != plan.pk:
        raise ValidationError({"solution": _("Choose a solution of this plan.")})
    _validate_action(plan, owner_kind, owner_user, owner_name, due_on)
    action = Action.objects.create(
        plan=plan,
        solution=solution,
        text=text.strip(),
        owner_kind=owner_kind,
        owner_user=owner_user if owner_kind == OwnerKind.TEAM_MEMBER else None,
        owner_name=owner_name.strip(),
        due_on=due_on,
    )
    log_change(actor, plan, decision)
    return action


@transaction.atomic
def action_update(
    *,
    actor: Actor,
    action: Action,
    lock_version: int,
    status: str | None = None,
    due_on: dt.date | None = None,
    text: str | None = None,
) -> Action:
    """Change an action; raises ConflictError when somebody saved it since ``lock_version``."""
    plan = action.plan
    decision = _work(actor, plan.household)
    # The plan row lock orders this change before or after a new version (which copies the
    # actions): never onto the old version after it was copied. An action of a replaced
    # version raises ConflictError naming who made the newer version.
    _lock_plan(plan, plan.version)
    changes: dict[str, Any] = {}
    if status is not None:
        if status not in ActionStatus.values:
            raise ValidationError({"status": _("Choose a valid status.")})
        changes["status"] = status
    if text is not None:
        if not text.strip():
            raise ValidationError({"text": _("Describe the action.")})
        changes["text"] = text.strip()
    if due_on is not None:
        if due_on < plan.starts_on:
            raise ValidationError(
                {
                    "due_on": _("The due date cannot be before the plan starts (%(date)s).")
                    % {"date": date_format(plan.starts_on)}
                }
            )
        changes["due_on"] = due_on
    changed = Action.objects.filter(pk=action.pk, lock_version=lock_version).update(
        **changes,
        lock_version=F("lock_version") + 1,
        updated_by=actor.user,
        updated_at=timezone.now(),
    )
    if not changed:
        current = Action.objects.select_related("updated_by").get(pk=action.pk)
        raise ConflictError(current=current, stamp=row_stamp(current))
    action.refresh_from_db()
    log_change(actor, action, decision)
    return action
