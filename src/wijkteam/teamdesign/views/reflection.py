"""Composition, competences, quickscans and the development plan."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkteam.teamdesign import services
from wijkteam.teamdesign.forms import (
    AssessmentForm,
    CompositionLineForm,
    PlanActionForm,
    PlanActionStatusForm,
    PlanGoalForm,
    PlanReviewForm,
    QuickscanForm,
)
from wijkteam.teamdesign.models import (
    Competence,
    CompositionLine,
    ItemKind,
    PlanAction,
    PlanActionStatus,
    PlanGoal,
    Quickscan,
    ReflectionItem,
    SelfAssessment,
)
from wijkteam.teamdesign.selectors.access import DesignAccess
from wijkteam.teamdesign.selectors.analysis import (
    competence_profile,
    composition_summary,
    quickscan_compare,
    system_indicators,
)
from wijkteam.teamdesign.views.common import access_for, actor_for, page


def _try(request: HttpRequest, form: Any, save: Callable[[], Any], done: str) -> bool:
    """Run a service; on a validation error put it on the form instead of failing."""
    try:
        save()
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(request, done)
    return True


@require_http_methods(["GET", "POST"])
def composition_view(request: HttpRequest, team_id: int) -> HttpResponse:
    access = access_for(request, team_id, edit=request.method == "POST")
    form = CompositionLineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data

        def save() -> Any:
            return services.composition_line_add(
                actor=actor_for(request),
                design=access.design,
                role=d["role"],
                fte=d["fte"],
                home_organisation=d["home_organisation"],
                domains=d["domains"],
                motivation=d["motivation"],
            )

        if _try(request, form, save, _("Saved.")):
            return redirect("teamdesign:composition", team_id=team_id)
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "summary": composition_summary(design=access.design) if access.started else None,
    }
    return page(request, access, "teamdesign/composition.html", context, status=status)


@require_POST
def composition_example_view(request: HttpRequest, team_id: int) -> HttpResponse:
    access = access_for(request, team_id, edit=True)
    services.composition_use_example(actor=actor_for(request), design=access.design)
    messages.success(request, _("The example composition was added. Adapt it to your team."))
    return redirect("teamdesign:composition", team_id=team_id)


@require_POST
def composition_delete_view(request: HttpRequest, team_id: int, line_id: int) -> HttpResponse:
    access = access_for(request, team_id, edit=True)
    line = CompositionLine.objects.filter(pk=line_id, design=access.design).first()
    if line is None:
        raise Http404
    services.composition_line_delete(actor=actor_for(request), line=line)
    messages.success(request, _("Removed."))
    return redirect("teamdesign:composition", team_id=team_id)


@require_http_methods(["GET", "POST"])
def competences_view(request: HttpRequest, team_id: int) -> HttpResponse:
    access = access_for(request, team_id, edit=request.method == "POST")
    if not access.started:
        return page(request, access, "")
    competences = list(Competence.objects.filter(instrument=access.design.instrument))
    own = SelfAssessment.objects.filter(design=access.design, user=actor_for(request).user).first()
    initial: dict[str, Any] = {"lived_experience": own.lived_experience} if own else {}
    if own:
        initial.update({f"c_{code}": str(score) for code, score in own.scores.items()})
    form = AssessmentForm(request.POST or None, competences=competences, initial=initial)
    if request.method == "POST" and form.is_valid():

        def save() -> Any:
            return services.assessment_save(
                actor=actor_for(request),
                design=access.design,
                scores=form.scores(),
                lived_experience=form.cleaned_data["lived_experience"],
            )

        if _try(request, form, save, _("Your self-assessment is saved.")):
            return redirect("teamdesign:competences", team_id=team_id)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "profile": competence_profile(design=access.design)}
    return page(request, access, "teamdesign/competences.html", context, status=status)


def _quickscan_parts(access: DesignAccess) -> tuple[list[ReflectionItem], list[ReflectionItem]]:
    items = ReflectionItem.objects.filter(instrument=access.design.instrument)
    scored = sorted(
        (i for i in items if i.kind in (ItemKind.RULE, ItemKind.PITFALL)),
        key=lambda i: (i.kind != ItemKind.RULE, i.order),
    )
    return scored, [i for i in items if i.kind == ItemKind.SWOT]


@require_GET
def quickscan_list_view(request: HttpRequest, team_id: int) -> HttpResponse:
    access = access_for(request, team_id)
    if not access.started:
        return page(request, access, "")
    quickscans = list(access.design.quickscans.select_related("created_by"))
    return page(request, access, "teamdesign/quickscan_list.html", {"quickscans": quickscans})


@require_http_methods(["GET", "POST"])
def quickscan_new_view(request: HttpRequest, team_id: int) -> HttpResponse:
    access = access_for(request, team_id, edit=True)
    items, swot = _quickscan_parts(access)
    scale = access.design.instrument.extra.get("score_scale", [])
    form = QuickscanForm(
        request.POST or None,
        items=items,
        swot=swot,
        scale=scale,
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        created: list[Quickscan] = []

        def save() -> None:
            created.append(
                services.quickscan_create(
                    actor=actor_for(request),
                    design=access.design,
                    held_on=form.cleaned_data["held_on"],
                    scores=form.scores(),
                    swot=form.swot_values(),
                )
            )

        if _try(request, form, save, _("The quickscan is saved.")):
            return redirect(
                "teamdesign:quickscan_detail", team_id=team_id, quickscan_id=created[0].pk
            )
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "indicators": system_indicators(team=access.team)}
    return page(request, access, "teamdesign/quickscan_form.html", context, status=status)


def _quickscan(access: DesignAccess, quickscan_id: Any) -> Quickscan:
    try:
        quickscan = Quickscan.objects.filter(design=access.design, pk=int(quickscan_id)).first()
    except (TypeError, ValueError):
        quickscan = None
    if quickscan is None:
        raise Http404
    return quickscan


@require_GET
def quickscan_detail_view(request: HttpRequest, team_id: int, quickscan_id: int) -> HttpResponse:
    access = access_for(request, team_id)
    if not access.started:
        raise Http404
    quickscan = _quickscan(access, quickscan_id)
    scores = list(quickscan.scores.select_related("item").order_by("item__kind", "item__order"))
    scores.sort(key=lambda s: (s.item.kind != ItemKind.RULE, s.item.order))
    others = access.design.quickscans.exclude(pk=quickscan.pk)
    context = {
        "quickscan": quickscan,
        "scores": scores,
        "others": others,
        "indicators": system_indicators(team=access.team),
    }
    return page(request, access, "teamdesign/quickscan_detail.html", context)


@require_GET
def quickscan_compare_view(request: HttpRequest, team_id: int) -> HttpResponse:
    access = access_for(request, team_id)
    if not access.started:
        raise Http404
    earlier = _quickscan(access, request.GET.get("earlier"))
    later = _quickscan(access, request.GET.get("later"))
    rows = quickscan_compare(earlier=earlier, later=later)
    if earlier.held_on > later.held_on:
        earlier, later = later, earlier
    context = {"earlier": earlier, "later": later, "rows": rows}
    return page(request, access, "teamdesign/quickscan_compare.html", context)


@require_http_methods(["GET", "POST"])
def plan_view(request: HttpRequest, team_id: int) -> HttpResponse:
    access = access_for(request, team_id, edit=request.method == "POST")
    form = PlanGoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def save() -> Any:
            return services.plan_goal_add(
                actor=actor_for(request), design=access.design, **form.cleaned_data
            )

        if _try(request, form, save, _("The goal is added.")):
            return redirect("teamdesign:plan", team_id=team_id)
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "goals": _goals(access),
        "action_form": PlanActionForm(team_id=team_id),
        "review_form": PlanReviewForm(),
        "reviews": access.design.reviews.all() if access.started else [],
        "statuses": PlanActionStatus.choices,
        "prompts": {
            key: access.design.instrument.extra_text(key)
            for key in ("intro", "goals", "actions", "owners", "review_moments", "resources")
        },
    }
    return page(request, access, "teamdesign/plan.html", context, status=status)


def _goals(access: DesignAccess) -> list[PlanGoal]:
    if not access.started:
        return []
    return list(access.design.goals.prefetch_related("actions__owner"))


@require_POST
def plan_action_add_view(request: HttpRequest, team_id: int, goal_id: int) -> HttpResponse:
    access = access_for(request, team_id, edit=True)
    goal = PlanGoal.objects.filter(pk=goal_id, design=access.design).first()
    if goal is None:
        raise Http404
    form = PlanActionForm(request.POST, team_id=team_id)
    if form.is_valid():
        try:
            services.plan_action_add(actor=actor_for(request), goal=goal, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The action is added."))
    else:
        messages.error(request, _("The action was not added: give at least a description."))
    return redirect("teamdesign:plan", team_id=team_id)


@require_POST
def action_status_view(request: HttpRequest, team_id: int, action_id: int) -> HttpResponse:
    access = access_for(request, team_id, edit=True)
    action = PlanAction.objects.filter(pk=action_id, goal__design=access.design).first()
    if action is None:
        raise Http404
    form = PlanActionStatusForm(request.POST)
    if form.is_valid():
        services.action_status_set(
            actor=actor_for(request), action=action, status=form.cleaned_data["status"]
        )
        messages.success(request, _("The status is changed."))
    else:
        messages.error(request, _("Choose a valid status."))
    return redirect("teamdesign:plan", team_id=team_id)


@require_POST
def review_add_view(request: HttpRequest, team_id: int) -> HttpResponse:
    access = access_for(request, team_id, edit=True)
    form = PlanReviewForm(request.POST)
    if form.is_valid():
        services.review_add(actor=actor_for(request), design=access.design, **form.cleaned_data)
        messages.success(request, _("The review moment is added."))
    else:
        messages.error(request, _("The review moment was not added: give a valid date."))
    return redirect("teamdesign:plan", team_id=team_id)
