"""The MKBA calculator page, its exports, the unit costs and the "what was prevented" list."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wijkteam.organisations.models import Municipality
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rules.results import EDIT
from wijkteam.results import mkba_data, prevented, reports, services
from wijkteam.results.forms import (
    IndexChoiceForm,
    IndexValueForm,
    MkbaForm,
    OutcomeOptionForm,
    UnitCostForm,
)
from wijkteam.results.mkba import ASSUMED_COSTS, IMMATERIAL, Assumptions, Inputs, mkba_compute
from wijkteam.results.views.logic import form_page
from wijkteam.ui.forms import add_service_error

# No cost per FTE: the municipality enters its own (required; the form says so).
DEFAULTS = {"likely_weight": "0.5"}


def _calculate(request: HttpRequest, *, blank_form: bool = False) -> dict[str, object]:
    actor = Actor.from_request(request, purpose="MKBA")
    municipalities = policy.municipalities_where(actor, EDIT)
    if not municipalities:
        raise Http404
    municipality: Municipality = municipalities[0]
    initial = {"year": str(timezone.localdate().year - 1), **DEFAULTS}
    if blank_form and not request.GET:  # the page's first visit: the form, no errors yet
        return {"form": MkbaForm(initial=initial), "municipality": municipality, "first": True}
    data = QueryDict(mutable=True)
    data.update(initial)
    for key in request.GET:
        data[key] = request.GET[key]
    form = MkbaForm(data)
    if not form.is_valid():  # the page shows the errors next to the fields, nothing else
        return {"form": form, "municipality": municipality}
    d = form.cleaned_data
    assumptions = Assumptions(
        cost_per_fte=d["cost_per_fte"],
        likely_weight=d["likely_weight"],
        hours_saved=d["hours_saved"],
        relapse_baseline=d["relapse_baseline"],
    )
    try:
        inputs, costs = mkba_data.mkba_inputs(
            actor=actor, municipality=municipality, year=d["year"], assumptions=assumptions
        )
    except mkba_data.MissingIndex as missing:  # said on the page, never a 500 or a factor 1
        return {"form": form, "municipality": municipality, "missing": missing.message}
    result = mkba_compute(inputs)
    return {
        "form": form,
        "municipality": municipality,
        "inputs": inputs,
        "result": result,
        "costs": sorted(costs.values(), key=lambda c: c.key),  # the page's table
        "cost_map": costs,
        "rows": [(c, result.avoided[c.key]) for c in inputs.outcomes],
        "note": reports.ESTIMATE_NOTE,
        "immaterial": [str(t) for t in IMMATERIAL],
        "query": request.GET.urlencode(),
        "cpi": inputs.series_key == mkba_data.SHIPPED_SERIES,
    }


def mkba_view(request: HttpRequest) -> HttpResponse:
    context = _calculate(request, blank_form=True)
    status = 200 if "result" in context or "first" in context else 400
    return render(request, "results/mkba.html", context, status=status)


def _export(request: HttpRequest, kind: str) -> HttpResponse:
    context = _calculate(request)
    if "result" not in context:
        return render(request, "results/mkba.html", context, status=400)
    make = reports.mkba_pdf if kind == "pdf" else reports.mkba_xlsx
    body = make(
        municipality=context["municipality"],  # type: ignore[arg-type]
        inputs=context["inputs"],  # type: ignore[arg-type]
        result=context["result"],  # type: ignore[arg-type]
        costs=context["cost_map"],  # type: ignore[arg-type]
    )
    content_type = (
        "application/pdf"
        if kind == "pdf"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(body, content_type=content_type)
    inputs = context["inputs"]
    assert isinstance(inputs, Inputs)
    year = inputs.year
    response["Content-Disposition"] = f'attachment; filename="mkba-{year}.{kind}"'
    return response


def mkba_pdf_view(request: HttpRequest) -> HttpResponse:
    return _export(request, "pdf")


def mkba_xlsx_view(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


def _policy_municipality(request: HttpRequest) -> tuple[Actor, Municipality]:
    actor = Actor.from_request(request, purpose="MKBA")
    municipalities = policy.municipalities_where(actor, EDIT)
    if not municipalities:
        raise Http404
    return actor, municipalities[0]


def unit_cost_list_view(request: HttpRequest) -> HttpResponse:
    """The unit costs the MKBA uses this year: shipped or the municipality's own."""
    _actor, municipality = _policy_municipality(request)
    costs = mkba_data.unit_costs(municipality, timezone.localdate().year)
    # The municipality's own figures that nothing ships: "not entered" until it enters them.
    assumed = [
        (key, str(label)) for key, (label, _unit) in ASSUMED_COSTS.items() if key not in costs
    ]
    context = {
        "costs": sorted(costs.values(), key=lambda c: c.key),
        "assumed": assumed,
        "municipality": municipality,
    }
    return render(request, "results/unit_costs.html", context)


@require_http_methods(["GET", "POST"])
def unit_cost_edit_view(request: HttpRequest, key: str) -> HttpResponse:
    actor, municipality = _policy_municipality(request)
    current = mkba_data.unit_costs(municipality, timezone.localdate().year).get(key)
    if current is not None:
        item = current.item
        initial: dict[str, object] = {
            "amount": current.amount,
            "unit": current.unit,
            "year": current.year,
            "price_level": current.price_level,
            "source": current.source if current.own else "",
        }
    elif key in ASSUMED_COSTS:  # not entered yet: nothing is prefilled, no figure is guessed
        item, initial = str(ASSUMED_COSTS[key][0]), {"unit": str(ASSUMED_COSTS[key][1])}
    else:
        raise Http404
    return form_page(
        request,
        UnitCostForm(request.POST or None, initial=initial),
        lambda d: services.unit_cost_set(actor=actor, municipality=municipality, key=key, **d),
        title=_("Own figure: %(item)s") % {"item": item},
        back=reverse("results:unit_costs"),
    )


@require_http_methods(["GET", "POST"])
def outcome_options_view(request: HttpRequest) -> HttpResponse:
    """The municipality's "what was prevented" list, and a form to add an entry."""
    actor, municipality = _policy_municipality(request)
    costs = mkba_data.unit_costs(municipality, timezone.localdate().year)
    form = OutcomeOptionForm(
        request.POST or None, costs=sorted((c.key, c.item) for c in costs.values())
    )
    options = [(prevented.option_label(o), o) for o in prevented.outcome_options(municipality)]
    return form_page(
        request,
        form,
        lambda d: services.outcome_option_add(actor=actor, municipality=municipality, **d),
        title=_("What was prevented: the list"),
        back=reverse("results:outcome_options"),
        extra={"options": options},
    )


@require_http_methods(["GET", "POST"])
def index_series_view(request: HttpRequest) -> HttpResponse:
    """The index series the MKBA uses (a choice), and the municipality's own series."""
    actor, municipality = _policy_municipality(request)
    choices = [(key, str(label)) for key, label in mkba_data.INDEX_SERIES.items()]
    form = IndexChoiceForm(
        request.POST or None,
        choices=choices,
        initial={"series": mkba_data.index_choice(municipality)},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.index_series_choose(
                    actor=actor, municipality=municipality, series=form.cleaned_data["series"]
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("results:index_series")
    context = {
        "form": form,
        "municipality": municipality,
        "own": mkba_data.own_index_rows(municipality),
        "choices": mkba_data.index_choices(municipality)[:10],
        "labels": dict(choices),
    }
    return render(request, "results/index_series.html", context, status=status)


@require_http_methods(["GET", "POST"])
def index_value_view(request: HttpRequest) -> HttpResponse:
    """Add a year to the own index series, or change one (a new version)."""
    actor, municipality = _policy_municipality(request)
    return form_page(
        request,
        IndexValueForm(request.POST or None),
        lambda d: services.index_value_set(actor=actor, municipality=municipality, **d),
        title=_("Own index series: a year's value"),
        back=reverse("results:index_series"),
    )
