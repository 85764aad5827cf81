"""Result-logic pages. Thin: parse, call one selector or service, render. A refusal is a 404,
so outsiders learn nothing; bad input is shown again with a Dutch message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wijkteam.core import conflicts
from wijkteam.organisations.models import Team
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rules.results import COMMENT, EDIT
from wijkteam.results import reports, selectors, services
from wijkteam.results.forms import (
    CommentForm,
    ElementForm,
    LinkForm,
    LogicForm,
    ObservationForm,
    ReadingForm,
)
from wijkteam.results.models import Element, Reading, ResultLogic, series
from wijkteam.steering.tables import Period
from wijkteam.ui.forms import add_service_error, save_versioned, stored_fields

PURPOSE = "result logic"
ELEMENT_FIELDS = ("title", "description", "indicator_key", "signal_kind", "threshold")


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, purpose=PURPOSE)


def _current_period() -> Period:
    return Period.containing(timezone.localdate(), "quarter")


def _period(request: HttpRequest) -> tuple[Period, str]:
    slug = request.GET.get("period", "")
    if not slug:
        return _current_period(), ""
    try:
        return Period.from_slug(slug), ""
    except ValueError:
        return _current_period(), _("That period is unknown; the current quarter is shown.")


def _logic(actor: Actor, logic_id: int, action: str) -> ResultLogic:
    return selectors.logic_get(actor=actor, logic_id=logic_id, action=action)


def _element(actor: Actor, element_id: int, action: str) -> Element:
    return selectors.element_get(actor=actor, element_id=element_id, action=action)


def form_page(
    request: HttpRequest,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    *,
    title: str,
    back: str,
    aside: str = "",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """A small form page: valid input goes to ``save`` (a service); its ValidationError is
    shown on the form, never as a 500."""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                save(dict(form.cleaned_data))
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(back)
    context = {"form": form, "title": title, "back": back, "aside": aside, **(extra or {})}
    return render(request, "results/form.html", context, status=status)


def home_view(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    logics = selectors.logic_list(actor=actor)
    may_create = bool(policy.municipalities_where(actor, EDIT))
    return render(request, "results/home.html", {"logics": logics, "may_create": may_create})


@require_http_methods(["GET", "POST"])
def logic_create_view(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    municipalities = policy.municipalities_where(actor, EDIT)
    if not municipalities:
        raise Http404
    municipality = municipalities[0]
    teams = Team.objects.filter(municipality=municipality)
    form = LogicForm(request.POST or None, teams=teams)
    created: list[ResultLogic] = []

    def save(data: dict[str, Any]) -> None:
        created.append(
            services.logic_create(
                actor=actor, municipality=municipality, team=data["team"], title=data["title"]
            )
        )

    response = form_page(
        request, form, save, title=_("New result logic"), back=reverse("results:home")
    )
    if created:
        return redirect("results:logic", logic_id=created[0].pk)
    return response


def logic_view(request: HttpRequest, logic_id: int) -> HttpResponse:
    actor = _actor(request)
    period, error = _period(request)
    view = selectors.logic_view(actor=actor, logic_id=logic_id, period=period)
    previous = [r for r in view.readings if r.period < period.slug][:1]
    context = {
        "view": view,
        "error": error,
        "previous_reading": previous[0] if previous else None,
        "comment_form": CommentForm(),
    }
    return render(request, "results/logic.html", context)


@require_POST
def version_create_view(request: HttpRequest, logic_id: int) -> HttpResponse:
    actor = _actor(request)
    logic = _logic(actor, logic_id, EDIT)
    try:
        copy = services.logic_new_version(actor=actor, logic=logic)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("results:logic", logic_id=logic.pk)
    messages.success(request, _("Version %(number)s made.") % {"number": copy.version})
    return redirect("results:logic", logic_id=copy.pk)


@require_http_methods(["GET", "POST"])
def element_create_view(request: HttpRequest, logic_id: int) -> HttpResponse:
    actor = _actor(request)
    logic = _logic(actor, logic_id, EDIT)
    form = ElementForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    back = reverse("results:logic", kwargs={"logic_id": logic.pk})
    return form_page(
        request,
        form,
        lambda d: services.element_create(actor=actor, logic=logic, **d),
        title=_("Add to the result logic"),
        back=back,
    )


@require_http_methods(["GET", "POST"])
def element_edit_view(request: HttpRequest, element_id: int) -> HttpResponse:
    actor = _actor(request)
    element = _element(actor, element_id, EDIT)
    back = reverse("results:logic", kwargs={"logic_id": element.logic_id})
    values = conflicts.values_of(element, ELEMENT_FIELDS)
    initial = conflicts.version_initial(element.lock_version, values)
    form = ElementForm(request.POST or None, initial=initial, editing=True)
    conflicts.add_version_fields(form)
    status, conflict = 200, None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            outcome = save_versioned(
                form,
                lambda data, version, _rendered: services.element_update(
                    actor=actor, element=element, lock_version=version, **data
                ),
                stored=stored_fields(ELEMENT_FIELDS),
            )
            if outcome.saved:
                messages.success(request, _("Saved."))
                return redirect(back)
            conflict = outcome.conflict
            if conflict:
                status = 409
    context = {"form": form, "title": element.title, "back": back, "conflict": conflict}
    return render(request, "results/form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def link_create_view(request: HttpRequest, logic_id: int) -> HttpResponse:
    actor = _actor(request)
    logic = _logic(actor, logic_id, EDIT)
    elements = {e.pk: e for e in logic.elements.order_by("pk")}
    form = LinkForm(request.POST or None, elements=elements.values())
    back = reverse("results:logic", kwargs={"logic_id": logic.pk})
    return form_page(
        request,
        form,
        lambda d: services.link_create(
            actor=actor,
            source=elements[d["source"]],
            target=elements[d["target"]],
            rationale=d["rationale"],
        ),
        title=_("Link two elements"),
        back=back,
    )


@require_http_methods(["GET", "POST"])
def comment_create_view(request: HttpRequest, element_id: int) -> HttpResponse:
    actor = _actor(request)
    element = _element(actor, element_id, COMMENT)
    back = reverse("results:logic", kwargs={"logic_id": element.logic_id})
    return form_page(
        request,
        CommentForm(request.POST or None),
        lambda d: services.comment_add(actor=actor, element=element, text=d["text"]),
        title=_("Comment on: %(title)s") % {"title": element.title},
        back=back,
        extra={"comments": element.comments.select_related("author")},
    )


@require_http_methods(["GET", "POST"])
def observation_create_view(request: HttpRequest, element_id: int) -> HttpResponse:
    actor = _actor(request)
    element = _element(actor, element_id, EDIT)
    back = reverse("results:logic", kwargs={"logic_id": element.logic_id})
    form = ObservationForm(request.POST or None, initial={"period": _current_period().slug})
    return form_page(
        request,
        form,
        lambda d: services.observation_record(actor=actor, element=element, **d),
        title=_("Figure for: %(title)s") % {"title": element.title},
        back=back,
    )


@require_http_methods(["GET", "POST"])
def reading_create_view(request: HttpRequest, logic_id: int) -> HttpResponse:
    actor = _actor(request)
    logic = _logic(actor, logic_id, EDIT)
    back = reverse("results:logic", kwargs={"logic_id": logic.pk})
    form = ReadingForm(request.POST or None, initial={"period": _current_period().slug})
    previous = Reading.objects.filter(series(logic, "logic__")).order_by("-period", "-pk").first()
    return form_page(
        request,
        form,
        lambda d: services.reading_record(actor=actor, logic=logic, **d),
        title=_("Reading of a period by the steering group"),
        back=back,
        extra={"previous_reading": previous},
    )


def logic_pdf_view(request: HttpRequest, logic_id: int) -> HttpResponse:
    """The result logic with its current figures, for the steering group's meeting."""
    actor = _actor(request)
    period, _error = _period(request)
    view = selectors.logic_view(actor=actor, logic_id=logic_id, period=period)
    response = HttpResponse(reports.logic_pdf(view), content_type="application/pdf")
    name = f"resultatenlogica-v{view.logic.version}-{period.slug}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
