"""Home, overview, building blocks, area analysis, start document and versions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkteam.privacy import policy
from wijkteam.teamdesign import services
from wijkteam.teamdesign.forms import BlockForm, FreezeForm
from wijkteam.teamdesign.models import Answer, Block, DesignSnapshot
from wijkteam.teamdesign.selectors.access import teams_for_home
from wijkteam.teamdesign.selectors.analysis import area_analysis, composition_summary
from wijkteam.teamdesign.selectors.document import start_document
from wijkteam.teamdesign.views.common import access_for, actor_for, page


@require_GET
def home_view(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    teams = teams_for_home(actor=actor)
    is_admin = policy.municipalities_managed_by(actor).exists()
    return render(request, "teamdesign/home.html", {"teams": teams, "is_admin": is_admin})


@require_GET
def overview_view(request: HttpRequest, team_id: int) -> HttpResponse:
    access = access_for(request, team_id)
    if not access.started:
        return page(request, access, "")
    document = start_document(design=access.design)
    context = {
        "document": document,
        "snapshots": access.design.snapshots.select_related("frozen_by"),
        "freeze_form": FreezeForm(),
        "quickscan_count": access.design.quickscans.count(),
    }
    return page(request, access, "teamdesign/overview.html", context)


@require_http_methods(["GET", "POST"])
def block_view(request: HttpRequest, team_id: int, block_code: str) -> HttpResponse:
    access = access_for(request, team_id, edit=True)
    design = access.design
    block = Block.objects.filter(instrument=design.instrument, code=block_code).first()
    if block is None:
        raise Http404
    document = start_document(design=design)
    model_code = document.model_code
    questions = [q for q in block.questions.prefetch_related("choices") if q.applies(model_code)]
    answers = {
        a.question_id: a
        for a in Answer.objects.filter(design=design, question__in=questions).select_related(
            "updated_by"
        )
    }
    form = BlockForm(request.POST or None, questions=questions, answers=answers)
    conflicts = {}
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = services.answers_save(
                    actor=actor_for(request), design=design, inputs=form.inputs()
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                if not result.conflicts:
                    messages.success(request, _("Saved."))
                    return redirect("teamdesign:block", team_id=team_id, block_code=block_code)
                status = 409
                conflicts = {c.current.question_id: c.current for c in result.conflicts}
                answers.update({a.question_id: a for a in result.saved})
                # Keep what the person typed, but with the newer version: saving again is
                # then a deliberate choice after seeing the other person's answer.
                data = request.POST.copy()
                for question_id, current in conflicts.items():
                    data[f"v{question_id}"] = str(current.version)
                for saved in result.saved:
                    data[f"v{saved.question_id}"] = str(saved.version)
                form = BlockForm(data, questions=questions, answers=answers)
                form.is_valid()
        else:
            status = 400
    rows = [
        {
            "question": q,
            "field": form[f"q{q.pk}"],
            "version": form[f"v{q.pk}"],
            "answer": answers.get(q.pk),
            "conflict": conflicts.get(q.pk),
        }
        for q in questions
    ]
    blocks = list(design.instrument.blocks.all())
    index = [b.pk for b in blocks].index(block.pk)
    context = {
        "current_block": block,
        "form": form,
        "rows": rows,
        "conflicts": conflicts,
        "blocks": blocks,
        "next_block": blocks[index + 1] if index + 1 < len(blocks) else None,
        "model_label": document.model_label,
        "has_model_questions": any(q.applies_to for q in block.questions.all()),
    }
    return page(request, access, "teamdesign/block.html", context, status=status)


@require_GET
def area_view(request: HttpRequest, team_id: int) -> HttpResponse:
    access = access_for(request, team_id)
    if not access.started:
        return page(request, access, "")
    document = start_document(design=access.design)
    assignment = next((b for b in document.blocks if b.block.code == "assignment"), None)
    context = {"analysis": area_analysis(design=access.design), "assignment": assignment}
    return page(request, access, "teamdesign/area.html", context)


@require_GET
def start_document_view(request: HttpRequest, team_id: int) -> HttpResponse:
    access = access_for(request, team_id)
    if not access.started:
        return page(request, access, "")
    context = {
        "document": start_document(design=access.design),
        "composition": composition_summary(design=access.design),
    }
    return page(request, access, "teamdesign/start_document.html", context)


@require_POST
def freeze_view(request: HttpRequest, team_id: int) -> HttpResponse:
    access = access_for(request, team_id)
    if not access.can_freeze:
        raise Http404
    form = FreezeForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    snapshot = services.snapshot_freeze(actor=actor_for(request), design=access.design, note=note)
    messages.success(request, _("Version %(number)s is frozen.") % {"number": snapshot.number})
    return redirect("teamdesign:overview", team_id=team_id)


@require_GET
def version_view(request: HttpRequest, team_id: int, number: int) -> HttpResponse:
    access = access_for(request, team_id)
    if not access.started:
        raise Http404
    snapshot = (
        DesignSnapshot.objects.filter(design=access.design, number=number)
        .select_related("frozen_by")
        .first()
    )
    if snapshot is None:
        raise Http404
    document = start_document(design=access.design, content=snapshot.content)
    return page(
        request, access, "teamdesign/version.html", {"document": document, "snapshot": snapshot}
    )
