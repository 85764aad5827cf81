"""The household file, the timeline note, the phase steps, the caseload and the evaluation."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from wijkteam.assessments import selectors as assessment_selectors
from wijkteam.casework import selectors, services
from wijkteam.casework.forms import (
    CloseForm,
    ConversationForm,
    EvaluationForm,
    InvolvementForm,
    MonitoringForm,
    NoteForm,
    TrajectoryForm,
)
from wijkteam.casework.models import Involvement, Phase
from wijkteam.casework.services import ALLOWED_TRANSITIONS, ConflictError
from wijkteam.casework.services.trajectory import CONVERSATION_FIELDS, EVALUATION_FIELDS
from wijkteam.casework.views.common import colleagues, work_trajectory
from wijkteam.core import conflicts
from wijkteam.privacy.policy import Actor
from wijkteam.results.forms import OutcomeForm
from wijkteam.results.prevented import prevented_options
from wijkteam.ui.forms import add_service_error, save_versioned, stored_fields


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _render_file(
    request: HttpRequest, household_id: int, note_form: NoteForm | None = None, status: int = 200
) -> HttpResponse:
    actor = Actor.from_request(request)
    file = selectors.household_file(actor=actor, household_id=household_id)
    trajectory = file.trajectory
    next_phases: list[tuple[str, str]] = []
    if file.work and trajectory is not None:
        next_phases = [
            (p, str(Phase(p).label))
            for p in Phase.values
            if p in ALLOWED_TRANSITIONS[trajectory.phase]
        ]
    context: dict[str, Any] = {
        "file": file,
        "household": file.household,
        "trajectory": trajectory,
        "note_form": note_form or NoteForm(),
        "next_phases": next_phases,
        "monitoring_form": MonitoringForm(),
        "phases": Phase.choices,
        "today": timezone.localdate(),
        "timeline_limit": selectors.TIMELINE_LIMIT,
        # The assessment summary (FULL view only; its read is part of the file's, logged once).
        "assessment_summary": assessment_selectors.household_file_summary(
            actor=Actor.from_request(request, purpose="assessments"), household=file.household
        )
        if file.full
        else None,
    }
    return render(request, "casework/household_file.html", context, status=status)


def household_file_view(request: HttpRequest, household_id: int) -> HttpResponse:
    return _render_file(request, household_id)


@require_POST
def note_create_view(request: HttpRequest, household_id: int) -> HttpResponse:
    actor = Actor.from_request(request)
    # Involved professionals, and a person under emergency access.
    household = selectors.household_for_note(actor=actor, household_id=household_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_create(actor=actor, household=household, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Note saved."))
            return redirect("casework:household_file", household_id=household_id)
    return _render_file(request, household_id, note_form=form, status=400)


@require_POST
def trajectory_advance_view(request: HttpRequest, household_id: int) -> HttpResponse:
    actor, trajectory = work_trajectory(request, household_id)
    to_phase = request.POST.get("to_phase", "")
    monitoring = MonitoringForm(request.POST)
    extra: dict[str, Any] = monitoring.cleaned_data if monitoring.is_valid() else {}
    try:
        services.trajectory_advance(actor=actor, trajectory=trajectory, to_phase=to_phase, **extra)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            _("The trajectory is now in phase: %(phase)s.") % {"phase": Phase(to_phase).label},
        )
    return redirect("casework:household_file", household_id=household_id)


def _form_page(
    request: HttpRequest,
    trajectory: Any,
    form: Any,
    title: str,
    status: int | None = None,
    *,
    conflict: conflicts.ConflictNotice | None = None,
    outcome_form: OutcomeForm | None = None,
) -> HttpResponse:
    context = {
        "form": form,
        "household": trajectory.household,
        "title": title,
        "conflict": conflict,
        "outcome_form": outcome_form,
    }
    if status is None:
        status = 400 if request.method == "POST" else 200
    return render(request, "casework/form_page.html", context, status=status)


TRAJECTORY_FIELDS = (
    "coordinator",
    "direction",
    "takeover_reason",
    "intensity",
    "escalated_to",
    "escalated_on",
    "escalation_reason",
)


@require_http_methods(["GET", "POST"])
def trajectory_edit_view(request: HttpRequest, household_id: int) -> HttpResponse:
    actor, trajectory = work_trajectory(request, household_id)
    values = conflicts.values_of(trajectory, TRAJECTORY_FIELDS)
    form = TrajectoryForm(
        request.POST or None,
        initial=conflicts.version_initial(trajectory.lock_version, values),
        colleagues=colleagues(trajectory.household),
    )
    conflicts.add_version_fields(form)
    status = None
    conflict = None
    if request.method == "POST" and form.is_valid():
        outcome = save_versioned(
            form,
            lambda data, version, _rendered: services.trajectory_update(
                actor=actor, trajectory=trajectory, lock_version=version, **data
            ),
            stored=stored_fields(TRAJECTORY_FIELDS),
        )
        if outcome.saved:
            messages.success(request, _("Saved."))
            return redirect("casework:household_file", household_id=household_id)
        conflict = outcome.conflict
        status = 409 if conflict else None
    title = _("Direction, intensity and escalation")
    return _form_page(request, trajectory, form, title, status, conflict=conflict)


@require_http_methods(["GET", "POST"])
def trajectory_close_view(request: HttpRequest, household_id: int) -> HttpResponse:
    actor, trajectory = work_trajectory(request, household_id)
    if trajectory.is_closed:
        messages.info(request, _("This trajectory is closed."))
        return redirect("casework:household_file", household_id=household_id)
    overview = selectors.closing_overview(trajectory=trajectory)
    form = CloseForm(
        request.POST or None,
        initial={"frameworks": overview.suggested},
        actions=overview.open_actions,
        monitoring_runs=overview.monitoring_until is not None,
    )
    outcome_form = _outcome_form(request, actor, trajectory)
    if request.method == "POST" and all([form.is_valid(), outcome_form.is_valid()]):
        try:
            services.trajectory_close(
                actor=actor,
                trajectory=trajectory,
                reason=form.cleaned_data["reason"],
                frameworks=form.cleaned_data["frameworks"],
                action_outcomes=form.action_outcomes(),
                end_monitoring=form.cleaned_data.get("end_monitoring", False),
                prevented=outcome_form.chosen(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The trajectory is closed."))
            return redirect("casework:household_file", household_id=household_id)
    context = {
        "form": form,
        "household": trajectory.household,
        "title": _("Close the trajectory"),
        "overview": overview,
        "trajectory": trajectory,
        "outcome_form": outcome_form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "casework/trajectory_close.html", context, status=status)


def _outcome_form(request: HttpRequest, actor: Actor, trajectory: Any) -> OutcomeForm:
    """The optional "what was prevented" ticks, on the same screen as the closing or the
    evaluation, prefilled with what was ticked before or suggested."""
    outcomes = prevented_options(actor=actor, trajectory=trajectory)
    return OutcomeForm(request.POST or None, outcomes=outcomes)


@require_http_methods(["GET", "POST"])
def involvement_add_view(request: HttpRequest, household_id: int) -> HttpResponse:
    actor, trajectory = work_trajectory(request, household_id)
    form = InvolvementForm(request.POST or None, colleagues=colleagues(trajectory.household))
    if request.method == "POST" and form.is_valid():
        try:
            services.involvement_add(actor=actor, trajectory=trajectory, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("casework:household_file", household_id=household_id)
    return _form_page(request, trajectory, form, _("Involve a professional"))


@require_http_methods(["GET", "POST"])
def conversation_edit_view(request: HttpRequest, household_id: int) -> HttpResponse:
    actor, trajectory = work_trajectory(request, household_id)
    conversation = getattr(trajectory, "conversation", None)
    values = conflicts.values_of(conversation, CONVERSATION_FIELDS) if conversation else {}
    # Version 0: the form showed no conversation yet (a colleague's first save then conflicts).
    initial = conflicts.version_initial(conversation.lock_version if conversation else 0, values)
    form = ConversationForm(request.POST or None, initial=initial)
    conflicts.add_version_fields(form)
    status = None
    conflict = None
    if request.method == "POST" and form.is_valid():
        outcome = save_versioned(
            form,
            lambda data, version, _rendered: services.conversation_record(
                actor=actor, trajectory=trajectory, lock_version=version or None, **data
            ),
            stored=_stored_conversation,
        )
        if outcome.saved:
            messages.success(request, _("Conversation saved."))
            return redirect("casework:household_file", household_id=household_id)
        conflict = outcome.conflict
        status = 409 if conflict else None
    title = _("Kitchen-table conversation")
    return _form_page(request, trajectory, form, title, status, conflict=conflict)


@require_http_methods(["GET", "POST"])
def evaluation_record_view(request: HttpRequest, household_id: int) -> HttpResponse:
    actor, trajectory = work_trajectory(request, household_id)
    from wijkteam.assessments.selectors import progress_for_household

    # Prefilled from the measurements (first vs latest); the professional may change it.
    progress = progress_for_household(actor=actor, household=trajectory.household)
    latest = trajectory.last_evaluation
    initial = conflicts.version_initial(latest.pk if latest else 0, _evaluation_values(latest))
    initial.update({k: v for k, v in progress.items() if v in ("up", "same", "down")})
    form = EvaluationForm(request.POST or None, initial=initial)
    conflicts.add_version_fields(form)
    outcome_form = _outcome_form(request, actor, trajectory)
    status = None
    conflict = None
    if request.method == "POST" and all([form.is_valid(), outcome_form.is_valid()]):
        outcome = save_versioned(
            form,
            lambda data, seen, _rendered: services.evaluation_record(
                actor=actor,
                trajectory=trajectory,
                seen_evaluation_id=seen or None,
                prevented=outcome_form.chosen(),
                **data,
            ),
            stored=_stored_evaluation,
        )
        if outcome.saved:
            messages.success(request, _("Evaluation saved."))
            return redirect("casework:household_file", household_id=household_id)
        conflict = outcome.conflict
        status = 409 if conflict else None
    title = _("Evaluation")
    return _form_page(
        request, trajectory, form, title, status, conflict=conflict, outcome_form=outcome_form
    )


def _stored_conversation(error: ConflictError) -> tuple[int, dict[str, Any]]:
    current = error.current
    if current is None:
        return 0, {}
    return current.lock_version, conflicts.values_of(current, CONVERSATION_FIELDS)


def _stored_evaluation(error: ConflictError) -> tuple[int, dict[str, Any]]:
    # The version of an evaluation page is the latest evaluation it was made after.
    current = error.current
    return (current.pk if current else 0), _evaluation_values(current)


def _evaluation_values(evaluation: Any) -> dict[str, Any]:
    if evaluation is None:
        return dict.fromkeys(EVALUATION_FIELDS, "")
    return conflicts.values_of(evaluation, EVALUATION_FIELDS)


SIGNAL_LABELS = {
    "no_plan": gettext_lazy("No plan"),
    "plan_without_goals": gettext_lazy("Plan without goals"),
    "goals_without_results": gettext_lazy("Goals without intended results"),
    "no_recent_contact": gettext_lazy("No recent contact"),
}


def _number(value: str) -> int | None:
    """A whole number from a query parameter (ASCII digits, at most 9), else None."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else None


def _caseload_url(team_id: int, coordinator: int | None, signal: str = "", page: int = 1) -> str:
    params: dict[str, Any] = {"team": team_id}
    if coordinator is not None:
        params["coordinator"] = coordinator
    if signal:
        params["signal"] = signal
    if page > 1:
        params["page"] = page
    return "?" + urlencode(params)


def _caseload_links(caseload: selectors.Caseload) -> dict[str, Any]:
    """Filter links of the summary and the page links of the list (filters kept)."""
    team_id, signal = caseload.team.pk, caseload.signal
    filtered = caseload.coordinator.pk if caseload.coordinator else None
    summary = []
    for load in [*caseload.summary, caseload.total]:
        who = load.coordinator.pk if load.coordinator else None
        cells = [(n, count, _caseload_url(team_id, who, n)) for n, count in load.signal_counts]
        summary.append({"load": load, "url": _caseload_url(team_id, who), "cells": cells})
    shown = caseload.page
    assert shown is not None
    pages: list[tuple[Any, str]] = []
    for number in shown.paginator.get_elided_page_range(shown.number, on_each_side=2, on_ends=1):
        url = _caseload_url(team_id, filtered, signal, number) if isinstance(number, int) else ""
        pages.append((number, url))
    previous = shown.number - 1 if shown.has_previous() else 0
    following = shown.number + 1 if shown.has_next() else 0
    return {
        "summary": summary,
        "pages": pages,
        "previous_url": _caseload_url(team_id, filtered, signal, previous) if previous else "",
        "next_url": _caseload_url(team_id, filtered, signal, following) if following else "",
        "all_url": _caseload_url(team_id, None),
    }


def caseload_view(request: HttpRequest) -> HttpResponse:
    """Summary per coordinator, then the list, 50 a page, filtered by ?coordinator=&signal=.

    A parameter that cannot be used is dropped with a notice, never an error.
    """
    actor = Actor.from_request(request, purpose="caseload")
    teams = selectors.caseload_teams(actor=actor)
    if not teams:
        raise Http404
    team = teams[0]
    wanted = _number(request.GET.get("team", ""))
    if wanted is not None:
        team = next((t for t in teams if t.pk == wanted), team)
    ignored: list[str] = []
    coordinator_param = request.GET.get("coordinator", "")
    coordinator_id = _number(coordinator_param)
    if coordinator_param and coordinator_id is None:
        ignored.append("coordinator")
    page_param = request.GET.get("page", "")
    page = _number(page_param)
    if page_param and page is None:
        ignored.append("page")
    caseload = selectors.caseload(
        actor=actor,
        team=team,
        coordinator_id=coordinator_id,
        signal=request.GET.get("signal", ""),
        page=1 if page is None else page,
    )
    ignored += [name for name in caseload.ignored if name not in ignored]
    assert caseload.page is not None
    notices = {
        "coordinator": _(
            "That coordinator has no open trajectories in this team; the list shows everyone's."
        ),
        "signal": _("Unknown signal; the list shows every open trajectory."),
        "page": _("That page does not exist; page %(number)s is shown.")
        % {"number": caseload.page.number},
    }
    context = {
        "caseload": caseload,
        "teams": teams,
        "signal_labels": list(SIGNAL_LABELS.items()),
        "signal_label": SIGNAL_LABELS.get(caseload.signal, ""),
        "notices": [notices[name] for name in ignored],
        **_caseload_links(caseload),
    }
    return render(request, "casework/caseload.html", context)


@require_POST
def follow_up_set_view(request: HttpRequest, household_id: int) -> HttpResponse:
    actor, trajectory = work_trajectory(request, household_id)
    form = MonitoringForm(request.POST)
    if form.is_valid() and form.cleaned_data.get("follow_up_on"):
        try:
            services.follow_up_set(
                actor=actor, trajectory=trajectory, follow_up_on=form.cleaned_data["follow_up_on"]
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Enter the date of the next follow-up."))
    return redirect("casework:household_file", household_id=household_id)


@require_POST
def trajectory_start_view(request: HttpRequest, household_id: int) -> HttpResponse:
    """A new trajectory for a household whose last one is closed; the actor coordinates."""
    actor, trajectory = work_trajectory(request, household_id)
    try:
        services.trajectory_start(
            actor=actor, household=trajectory.household, coordinator=actor.user
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("A new trajectory has started; you are its coordinator."))
    return redirect("casework:household_file", household_id=household_id)


@require_POST
def involvement_end_view(
    request: HttpRequest, household_id: int, involvement_id: int
) -> HttpResponse:
    actor, trajectory = work_trajectory(request, household_id)
    involvement = Involvement.objects.filter(pk=involvement_id, trajectory=trajectory).first()
    if involvement is None:
        raise Http404
    version = request.POST.get("lock_version", "")
    try:
        services.involvement_end(
            actor=actor,
            involvement=involvement,
            lock_version=int(version) if version.isascii() and version.isdigit() else None,
        )
    except ConflictError as conflict:
        # 409: the file as it is now, with who changed the involvement and when.
        messages.error(request, str(conflict))
        return _render_file(request, household_id, status=409)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The involvement has ended."))
    return redirect("casework:household_file", household_id=household_id)


def timeline_view(request: HttpRequest, household_id: int) -> HttpResponse:
    """The whole timeline, page by page (the household file shows the newest notes)."""
    actor = Actor.from_request(request)
    before_param = request.GET.get("before", "")
    before = int(before_param) if before_param.isdigit() else None
    household, notes, next_before = selectors.timeline_page(
        actor=actor, household_id=household_id, before=before
    )
    context = {"household": household, "notes": notes, "next_before": next_before}
    return render(request, "casework/timeline.html", context)
