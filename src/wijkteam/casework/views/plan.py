"""The plan page (problems, goals, solutions per frame, actions), its PDF, action edits."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wijkteam.assessments import selectors as assessment_selectors
from wijkteam.casework import pdf, selectors, services
from wijkteam.casework.choices import OwnerKind
from wijkteam.casework.forms import (
    ActionForm,
    ActionUpdateForm,
    AgreeForm,
    GoalForm,
    ProblemForm,
    SolutionForm,
)
from wijkteam.casework.models import Action, ProblemStatement, Solution
from wijkteam.casework.services import ConflictError
from wijkteam.casework.views.common import colleagues, work_trajectory
from wijkteam.core import conflicts
from wijkteam.privacy.models import AccessEvent
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rules import casework as rules
from wijkteam.ui.forms import add_service_error, save_versioned

FORMS = {"problem": ProblemForm, "goal": GoalForm, "solution": SolutionForm, "action": ActionForm}


def _forms(
    view: selectors.PlanView | None,
    household: Any,
    data: Any = None,
    kind: str = "",
    me: Any = None,
) -> dict[str, Any]:
    problems = (
        [(p.pk, f"{p.life_domain_label}: {p.description[:60]}") for p in view.problems]
        if view
        else []
    )
    solutions = (
        [
            (s.solution.pk, f"{s.solution.get_frame_display()}: {s.solution.text[:60]}")
            for s in view.solutions
        ]
        if view
        else []
    )
    team = colleagues(household)

    def bound(name: str) -> Any:
        return data if kind == name else None

    return {
        "problem_form": ProblemForm(bound("problem"), prefix="problem"),
        "goal_form": GoalForm(bound("goal"), prefix="goal", problems=problems),
        "solution_form": SolutionForm(bound("solution"), prefix="solution"),
        # The most common action is one's own: "team member: me" unless changed, so
        # an action is the access key, the text and Enter.
        "action_form": ActionForm(
            bound("action"),
            prefix="action",
            solutions=solutions,
            colleagues=team,
            initial={"owner_kind": OwnerKind.TEAM_MEMBER, "owner_user": me.pk} if me else None,
        ),
        "agree_form": AgreeForm(
            initial={"lock_version": view.plan.lock_version, "agreed_on": view.plan.agreed_on}
            if view
            else None,
            prefix="agree",
        ),
    }


def _render_plan(
    request: HttpRequest,
    household_id: int,
    data: Any = None,
    kind: str = "",
    status: int = 200,
    conflict: str = "",
) -> HttpResponse:
    actor = Actor.from_request(request)
    # Whoever may read the whole file sees the plan (also under emergency access); the
    # forms only for those who may work on it.
    trajectory, decision = selectors.trajectory_for_read(actor=actor, household_id=household_id)
    view = selectors.plan_view_for(actor=actor, household_id=household_id)
    may_work = rules.WORK in decision.actions
    context: dict[str, Any] = {
        "household": trajectory.household,
        "trajectory": trajectory,
        "view": view,
        "plan_conflict": conflict,
        "may_work": may_work,
        # The current ZRM score next to each problem's life domain, read once for the page.
        "domain_scores": assessment_selectors.domain_scores_for_household(
            actor=Actor.from_request(request, purpose="assessments"),
            household=trajectory.household,
        )
        if view is not None and view.problems
        else {},
    }
    if may_work:
        context.update(_forms(view, trajectory.household, data, kind, me=actor.user))
    if conflict and kind == "agree" and view is not None:
        # Keep the date the person typed; the version fields now name the plan shown.
        agree = request.POST.copy()
        agree["agree-lock_version"] = str(view.plan.lock_version)
        context["agree_form"] = AgreeForm(agree, prefix="agree")
    return render(request, "casework/plan.html", context, status=status)


def _shown_version(request: HttpRequest) -> int | None:
    """The plan version the page was rendered from (every plan form names it)."""
    value = request.POST.get("plan_version", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else None


def _plan_conflict(
    request: HttpRequest, household_id: int, kind: str, message: str
) -> HttpResponse:
    # 409: nothing was saved; the person's input stays on the page next to the current plan.
    return _render_plan(request, household_id, request.POST, kind, status=409, conflict=message)


@require_http_methods(["GET", "POST"])
def plan_view(request: HttpRequest, household_id: int) -> HttpResponse:
    if request.method == "POST":  # "Make a plan"
        actor, trajectory = work_trajectory(request, household_id)
        try:
            services.plan_create(actor=actor, trajectory=trajectory)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("casework:plan", household_id=household_id)
    return _render_plan(request, household_id)


@require_POST
def plan_add_view(request: HttpRequest, household_id: int, kind: str) -> HttpResponse:
    if kind not in FORMS:
        raise Http404
    actor, trajectory = work_trajectory(request, household_id)
    plan = selectors.plan_for_work(actor=actor, household_id=household_id)
    if plan is None:
        raise Http404
    view = selectors.plan_view_build(plan)
    form = _forms(view, trajectory.household, request.POST, kind)[f"{kind}_form"]
    shown = _shown_version(request)
    if shown is None:  # a form without its plan version: say so, keep the input (400)
        message = _("The form was incomplete; reload the page.")
        return _render_plan(request, household_id, request.POST, kind, status=400, conflict=message)
    if form.is_valid():
        data = {**form.cleaned_data, "plan_version": shown}
        try:
            if kind == "problem":
                services.problem_add(actor=actor, plan=plan, **data)
            elif kind == "goal":
                problem = ProblemStatement.objects.get(pk=data["problem"], plan=plan)
                results = data["results"].splitlines()
                services.goal_add(
                    actor=actor,
                    plan=plan,
                    problem=problem,
                    text=data["text"],
                    results=results,
                    plan_version=shown,
                )
            elif kind == "solution":
                services.solution_add(actor=actor, plan=plan, **data)
            else:
                solution = (
                    Solution.objects.filter(pk=data.pop("solution"), plan=plan).first()
                    if data.get("solution")
                    else None
                )
                data.pop("solution", None)
                services.action_add(actor=actor, plan=plan, solution=solution, **data)
        except ConflictError as conflict:
            return _plan_conflict(request, household_id, kind, str(conflict))
        except ValidationError as error:
            add_service_error(form, error)
        except ProblemStatement.DoesNotExist:
            form.add_error("problem", _("Choose a problem of this plan."))
        else:
            messages.success(request, _("Added to the plan."))
            return redirect("casework:plan", household_id=household_id)
    return _render_plan(request, household_id, request.POST, kind, status=400)


@require_POST
def plan_agree_view(request: HttpRequest, household_id: int) -> HttpResponse:
    actor, _trajectory = work_trajectory(request, household_id)
    plan = selectors.plan_for_work(actor=actor, household_id=household_id)
    if plan is None:
        raise Http404
    form = AgreeForm(request.POST, prefix="agree")
    shown = _shown_version(request)
    if form.is_valid() and shown is not None:
        try:
            services.plan_agree(actor=actor, plan=plan, plan_version=shown, **form.cleaned_data)
        except ConflictError as conflict:
            # "Agreed on" never lands on a version the resident did not see.
            return _plan_conflict(request, household_id, "agree", str(conflict))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The date of agreement is saved."))
    else:
        messages.error(request, _("Enter the date the resident agreed to the plan."))
    return redirect("casework:plan", household_id=household_id)


@require_POST
def plan_new_version_view(request: HttpRequest, household_id: int) -> HttpResponse:
    actor, _trajectory = work_trajectory(request, household_id)
    plan = selectors.plan_for_work(actor=actor, household_id=household_id)
    if plan is None:
        raise Http404
    shown = _shown_version(request)
    try:
        lock_version = int(request.POST.get("lock_version", ""))
        if shown is None:
            raise ValueError("no plan version")
        new = services.plan_new_version(
            actor=actor, plan=plan, lock_version=lock_version, plan_version=shown
        )
    except ValueError:
        messages.error(request, _("The form was incomplete; reload the page."))
    except ConflictError as conflict:
        # A second quick click finds the version it names already replaced: one new version.
        return _plan_conflict(request, household_id, "new_version", str(conflict))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Version %(version)s of the plan is made.") % {"version": new.version}
        )
    return redirect("casework:plan", household_id=household_id)


def plan_pdf_view(request: HttpRequest, household_id: int) -> HttpResponse:
    actor, trajectory = work_trajectory(request, household_id)
    view = selectors.plan_view_for(actor=actor, household_id=household_id, event=AccessEvent.PRINT)
    if view is None:
        raise Http404
    content = pdf.plan_pdf(view=view, household=trajectory.household, trajectory=trajectory)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="plan-{household_id}-v{view.plan.version}.pdf"'
    )
    return response


class _PlanMovedOn(Exception):
    """The action's plan has a newer version (not the action itself): edit it there."""

    def __init__(self, error: ConflictError) -> None:
        super().__init__(str(error))
        self.error = error


def _stored_action(error: ConflictError) -> tuple[int, dict[str, Any]]:
    current = error.current
    if not isinstance(current, Action):
        raise _PlanMovedOn(error)
    return current.lock_version, conflicts.values_of(current, ACTION_FIELDS)


@require_http_methods(["GET", "POST"])
def action_edit_view(request: HttpRequest, household_id: int, action_id: int) -> HttpResponse:
    actor = Actor.from_request(request)
    action = selectors.action_for_work(
        actor=actor,
        household_id=household_id,
        action_id=action_id,
        log=request.method == "GET",
    )
    values = conflicts.values_of(action, ACTION_FIELDS)
    form = ActionUpdateForm(
        request.POST or None, initial=conflicts.version_initial(action.lock_version, values)
    )
    conflicts.add_version_fields(form)
    status = 200
    conflict = None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                outcome = save_versioned(
                    form,
                    lambda data, version, _rendered: services.action_update(
                        actor=actor, action=action, lock_version=version, **data
                    ),
                    # Keep what the person typed; show what is saved now; the next save
                    # overrides it.
                    stored=_stored_action,
                )
            except _PlanMovedOn as moved:  # the plan has a newer version: edit the action there
                form.add_error(None, str(moved.error))
                status = 409
            else:
                if outcome.saved:
                    messages.success(request, _("Action saved."))
                    return redirect("casework:plan", household_id=household_id)
                conflict = outcome.conflict
                status = 409 if conflict else 400
    context = {
        "form": form,
        "household": action.plan.household,
        "action": action,
        "conflict": conflict,
    }
    return render(request, "casework/action_form.html", context, status=status)


ACTION_FIELDS = ("text", "status", "due_on")
