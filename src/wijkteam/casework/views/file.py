"""The household file, the timeline note, the phase steps, the caseload and the evaluation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

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
from wijkteam.casework.views.common import colleagues, work_trajectory
from wijkteam.households.forms import add_service_error
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Actor


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _render_file(
    request: HttpRequest, household_id: int, note_form: NoteForm | None = None, status: int = 200
) -> HttpResponse:
    actor = Actor.from_request(request)
    try:
        file = selectors.household_file(actor=actor, household_id=household_id)
    except policy.AccessDenied as denied:
        raise Http404 from denied
    trajectory = file.trajectory
    next_phases: list[tuple[str, str]] = []
    if file.full and trajectory is not None:
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
    }
    return render(request, "casework/household_file.html", context, status=status)


def household_file_view(request: HttpRequest, household_id: int) -> HttpResponse:
    return _render_file(request, household_id)


@require_POST
def note_create_view(request: HttpRequest, household_id: int) -> HttpResponse:
    actor, trajectory = work_trajectory(request, household_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_create(actor=actor, household=trajectory.household, **form.cleaned_data)
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
    request: HttpRequest, trajectory: Any, form: Any, title: str, status: int | None = None
) -> HttpResponse:
    context = {"form": form, "household": trajectory.household, "title": title}
    if status is None:
        status = 400 if request.method == "POST" else 200
    return render(request, "casework/form_page.html", context, status=status)


@require_http_methods(["GET", "POST"])
def trajectory_edit_view(request: HttpRequest, household_id: int) -> HttpResponse:
    actor, trajectory = work_trajectory(request, household_id)
    initial = {
        name: getattr(trajectory, name)
        for name in (
            "coordinator",
            "lock_version",
            "direction",
            "takeover_reason",
            "intensity",
            "escalated_to",
            "escalated_on",
            "escalation_reason",
        )
    }
    form = TrajectoryForm(
        request.POST or None, initial=initial, colleagues=colleagues(trajectory.household)
    )
    status = None
    if request.method == "POST" and form.is_valid():
        try:
            services.trajectory_update(actor=actor, trajectory=trajectory, **form.cleaned_data)
        except ConflictError as conflict:
            form.add_error(None, str(conflict))
            form.data = data = request.POST.copy()
            data["lock_version"] = str(conflict.current.lock_version)
            status = 409
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("casework:household_file", household_id=household_id)
    return _form_page(request, trajectory, form, _("Direction, intensity and escalation"), status)


@require_http_methods(["GET", "POST"])
def trajectory_close_view(request: HttpRequest, household_id: int) -> HttpResponse:
    actor, trajectory = work_trajectory(request, household_id)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.trajectory_close(
                actor=actor, trajectory=trajectory, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The trajectory is closed."))
            return redirect("casework:household_file", household_id=household_id)
    return _form_page(request, trajectory, form, _("Close the trajectory"))


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
    initial: dict[str, Any] = {}
    if conversation is not None:
        initial = {
            name: getattr(conversation, name)
            for name in (
                "question_asked",
                "question_behind",
                "strengths",
                "ambitions",
                "participation_level",
                "held_on",
            )
        }
    form = ConversationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.conversation_record(actor=actor, trajectory=trajectory, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Conversation saved."))
            return redirect("casework:household_file", household_id=household_id)
    return _form_page(request, trajectory, form, _("Kitchen-table conversation"))


@require_http_methods(["GET", "POST"])
def evaluation_record_view(request: HttpRequest, household_id: int) -> HttpResponse:
    actor, trajectory = work_trajectory(request, household_id)
    from wijkteam.assessments.selectors import progress_for_household

    # Prefilled from the measurements (first vs latest); the professional may change it.
    progress = progress_for_household(actor=actor, household=trajectory.household)
    initial = {k: v for k, v in progress.items() if v in ("up", "same", "down")}
    form = EvaluationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_record(actor=actor, trajectory=trajectory, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Evaluation saved."))
            return redirect("casework:household_file", household_id=household_id)
    return _form_page(request, trajectory, form, _("Evaluation"))


def caseload_view(request: HttpRequest) -> HttpResponse:
    actor = Actor.from_request(request, purpose="caseload")
    teams = selectors.caseload_teams(actor=actor)
    if not teams:
        raise Http404
    team = teams[0]
    wanted = request.GET.get("team")
    if wanted and wanted.isdigit():
        team = next((t for t in teams if t.pk == int(wanted)), team)
    caseload = selectors.caseload(actor=actor, team=team)
    return render(request, "casework/caseload.html", {"caseload": caseload, "teams": teams})


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
    try:
        services.involvement_end(actor=actor, involvement=involvement)
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
    try:
        household, notes, next_before = selectors.timeline_page(
            actor=actor, household_id=household_id, before=before
        )
    except policy.AccessDenied as denied:
        raise Http404 from denied
    context = {"household": household, "notes": notes, "next_before": next_before}
    return render(request, "casework/timeline.html", context)
