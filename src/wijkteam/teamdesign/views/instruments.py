"""Instrument versions for the functional administrator: view, copy to a draft, edit, publish."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkteam.organisations.models import Municipality
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Action, Actor
from wijkteam.teamdesign import services
from wijkteam.teamdesign.forms import TextsForm
from wijkteam.teamdesign.models import (
    Block,
    Choice,
    Competence,
    DesignInstrument,
    Question,
    ReflectionItem,
)
from wijkteam.teamdesign.services.instrument import EDITABLE_TEXTS

PARTS: dict[str, type[Model]] = {
    "block": Block,
    "question": Question,
    "choice": Choice,
    "item": ReflectionItem,
    "competence": Competence,
}


def _admin(request: HttpRequest) -> tuple[Actor, Municipality]:
    actor = Actor.from_request(request, purpose="configuration")
    municipality = policy.municipalities_managed_by(actor).first()
    if municipality is None:
        raise Http404
    return actor, municipality


def _instrument(actor: Actor, instrument_id: int) -> DesignInstrument:
    instrument = DesignInstrument.objects.filter(pk=instrument_id).first()
    if instrument is None or not policy.may(actor, Action.VIEW, instrument):
        raise Http404
    return instrument


@require_GET
def instrument_list_view(request: HttpRequest) -> HttpResponse:
    _actor, municipality = _admin(request)
    instruments = DesignInstrument.objects.filter(
        Q(municipality__isnull=True) | Q(municipality=municipality)
    ).order_by("-version")
    current = services.instrument_current(municipality=municipality)
    context = {"instruments": instruments, "current": current, "municipality": municipality}
    return render(request, "teamdesign/instrument_list.html", context)


@require_GET
def instrument_detail_view(request: HttpRequest, instrument_id: int) -> HttpResponse:
    actor, _municipality = _admin(request)
    instrument = _instrument(actor, instrument_id)
    context = {
        "instrument": instrument,
        "can_edit": policy.may(actor, Action.MANAGE, instrument) and not instrument.is_published,
        "blocks": instrument.blocks.prefetch_related("questions__choices"),
        "items": instrument.items.all(),
        "competences": instrument.competences.all(),
    }
    return render(request, "teamdesign/instrument_detail.html", context)


@require_POST
def instrument_draft_view(request: HttpRequest) -> HttpResponse:
    actor, municipality = _admin(request)
    draft = services.instrument_draft_create(actor=actor, municipality=municipality)
    messages.success(request, _("A draft version is ready to edit."))
    return redirect("teamdesign:instrument_detail", instrument_id=draft.pk)


def _part(instrument: DesignInstrument, kind: str, part_id: int) -> Model:
    model = PARTS.get(kind)
    if model is None:
        raise Http404
    lookup = {
        "block": Q(instrument=instrument),
        "question": Q(block__instrument=instrument),
        "choice": Q(question__block__instrument=instrument),
        "item": Q(instrument=instrument),
        "competence": Q(instrument=instrument),
    }[kind]
    obj = model._default_manager.filter(lookup, pk=part_id).first()
    if obj is None:
        raise Http404
    return obj


@require_http_methods(["GET", "POST"])
def instrument_edit_view(
    request: HttpRequest, instrument_id: int, kind: str, part_id: int
) -> HttpResponse:
    actor, _municipality = _admin(request)
    instrument = _instrument(actor, instrument_id)
    if not policy.may(actor, Action.MANAGE, instrument) or instrument.is_published:
        raise Http404
    obj = _part(instrument, kind, part_id)
    form = TextsForm(request.POST or None, obj=obj, fields=EDITABLE_TEXTS[type(obj)])
    if request.method == "POST" and form.is_valid():
        try:
            services.instrument_texts_update(actor=actor, obj=obj, texts=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("teamdesign:instrument_detail", instrument_id=instrument.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "instrument": instrument, "part": obj}
    return render(request, "teamdesign/instrument_edit.html", context, status=status)


@require_POST
def instrument_publish_view(request: HttpRequest, instrument_id: int) -> HttpResponse:
    actor, _municipality = _admin(request)
    instrument = _instrument(actor, instrument_id)
    if not policy.may(actor, Action.MANAGE, instrument):
        raise Http404
    try:
        services.instrument_publish(actor=actor, instrument=instrument)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Published. New team designs use this version."))
    return redirect("teamdesign:instrument_detail", instrument_id=instrument.pk)
