"""Team pages for team members and the configuration pages of the functional administrator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wijkteam.core import conflicts
from wijkteam.organisations import selectors, services
from wijkteam.organisations.forms import AreaForm, HomeOrganisationForm, MunicipalityForm, TeamForm
from wijkteam.organisations.models import Area, HomeOrganisation, Municipality, Team
from wijkteam.privacy.policy import Actor
from wijkteam.ui.forms import Saved, save_versioned


def team_detail_view(request: HttpRequest, team_id: int) -> HttpResponse:
    actor = Actor.from_request(request, purpose="team overview")
    view = selectors.team_get(actor=actor, team_id=team_id)
    return render(request, "organisations/team_detail.html", {"view": view})


def _admin_municipality(request: HttpRequest) -> tuple[Actor, Municipality]:
    actor = Actor.from_request(request, purpose="configuration")
    return actor, selectors.managed_municipality(actor=actor)


def manage_home_view(request: HttpRequest) -> HttpResponse:
    actor, municipality = _admin_municipality(request)
    context = {
        "municipality": municipality,
        "areas": selectors.areas_for(actor=actor, municipality=municipality),
        "home_organisations": selectors.home_organisations_for(
            actor=actor, municipality=municipality
        ),
        "teams": Team.objects.filter(municipality=municipality).prefetch_related("areas"),
    }
    return render(request, "organisations/manage_home.html", context)


def _values(row: Any, names: tuple[str, ...]) -> dict[str, Any]:
    values = conflicts.values_of(row, names)
    if "areas" in values:  # a many-to-many field: the rows themselves
        values["areas"] = list(row.areas.order_by("name"))
    return values


def _edit(
    request: HttpRequest,
    *,
    form_class: type[forms.ModelForm[Any]],
    row: Any,
    names: tuple[str, ...],
    save: Callable[[dict[str, Any], int | None], Model],
    title: str,
    back: str,
    **form_kwargs: Any,
) -> HttpResponse:
    """A configuration page. Changing an existing row is conflict-safe: the form carries the
    row's version and a fingerprint; a colleague's save since gives 409 with both versions."""
    initial = conflicts.version_initial(row.lock_version, _values(row, names)) if row else None
    form = form_class(request.POST or None, instance=row, initial=initial, **form_kwargs)
    if row is not None:
        conflicts.add_version_fields(form)
    status = 400 if request.method == "POST" else 200
    conflict = None
    if request.method == "POST" and form.is_valid():
        if row is None:  # a new row: no version to compare
            try:
                save(dict(form.cleaned_data), None)
                outcome = Saved(saved=True)
            except ValidationError as error:
                form.add_error(None, error)
                outcome = Saved()
        else:
            outcome = save_versioned(
                form,
                lambda data, version, _rendered: save(data, version),
                stored=lambda error: (error.current.lock_version, _values(error.current, names)),
                invalid=lambda form, error: form.add_error(None, error),
            )
        if outcome.saved:
            messages.success(request, _("Saved."))
            return redirect(back)
        conflict = outcome.conflict
        if conflict:
            status = 409
    context = {"form": form, "title": title, "back": back, "conflict": conflict}
    return render(request, "organisations/manage_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def municipality_edit_view(request: HttpRequest) -> HttpResponse:
    actor, municipality = _admin_municipality(request)
    return _edit(
        request,
        form_class=MunicipalityForm,
        row=municipality,
        names=("name", "cbs_code"),
        save=lambda d, version: services.municipality_update(
            actor=actor,
            municipality=municipality,
            name=d["name"],
            cbs_code=d["cbs_code"],
            lock_version=version,
        ),
        title=_("Municipality"),
        back="organisations:manage",
    )


def _get(model: type[Any], municipality: Municipality, pk: int | None) -> Any:
    if pk is None:
        return None
    obj = model.objects.filter(pk=pk, municipality=municipality).first()
    if obj is None:
        raise Http404
    return obj


@require_http_methods(["GET", "POST"])
def area_edit_view(request: HttpRequest, area_id: int | None = None) -> HttpResponse:
    actor, municipality = _admin_municipality(request)
    area = _get(Area, municipality, area_id)
    return _edit(
        request,
        form_class=AreaForm,
        row=area,
        names=("name", "neighbourhoods", "inhabitants"),
        save=lambda d, version: services.area_save(
            actor=actor, municipality=municipality, area=area, data=d, lock_version=version
        ),
        title=_("Area"),
        back="organisations:manage",
    )


@require_http_methods(["GET", "POST"])
def home_organisation_edit_view(request: HttpRequest, org_id: int | None = None) -> HttpResponse:
    actor, municipality = _admin_municipality(request)
    org = _get(HomeOrganisation, municipality, org_id)
    return _edit(
        request,
        form_class=HomeOrganisationForm,
        row=org,
        names=("name", "kind"),
        save=lambda d, version: services.home_organisation_save(
            actor=actor,
            municipality=municipality,
            home_organisation=org,
            data=d,
            lock_version=version,
        ),
        title=_("Home organisation"),
        back="organisations:manage",
    )


@require_http_methods(["GET", "POST"])
def team_edit_view(request: HttpRequest, team_id: int | None = None) -> HttpResponse:
    actor, municipality = _admin_municipality(request)
    team = _get(Team, municipality, team_id)
    return _edit(
        request,
        form_class=TeamForm,
        row=team,
        names=services.TEAM_FIELDS,
        save=lambda d, version: services.team_save(
            actor=actor, municipality=municipality, team=team, data=d, lock_version=version
        ),
        title=_("Team"),
        back="organisations:manage",
        municipality=municipality,
    )


def _team_values(team: Team) -> dict[str, Any]:
    return _values(team, services.TEAM_FIELDS)
