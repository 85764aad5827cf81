"""Steering pages: the policy dashboard, the team leader's dashboard, definitions, reports.

Thin: parse the filters, call one of the steering selectors (which decide access through the
policy and log the aggregate read), render. A refusal is a 404, so outsiders learn nothing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from wijkteam.organisations import selectors as organisations
from wijkteam.organisations.models import Area, Municipality, Team
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rules import steering as steering_rules
from wijkteam.steering import reports, selectors
from wijkteam.steering.definitions import DEFINITIONS, definition_for
from wijkteam.steering.forms import (
    SteeringFilterForm,
    chosen_indicators,
    default_period,
    filters_from,
    period_choices,
)
from wijkteam.steering.indicators import INDICATORS, indicators_for
from wijkteam.steering.presentation import grouped
from wijkteam.steering.tables import IndicatorTable, Period, Selection

PURPOSE = "steering"


@dataclass(frozen=True)
class Scope:
    municipality: Municipality
    areas: list[Area]
    teams: list[Team]


def steering_scope(actor: Actor) -> Scope:
    municipality = organisations.municipality_for(actor=actor)
    if municipality is None:
        raise Http404
    areas = list(organisations.areas_for(actor=actor, municipality=municipality))
    teams = [
        t for t in organisations.team_list(actor=actor) if t.municipality_id == municipality.pk
    ]
    return Scope(municipality, areas, teams)


def policy_selection(
    request: HttpRequest, actor: Actor
) -> tuple[
    Scope, SteeringFilterForm, Selection, list[str], list[tuple[str, list[tuple[str, str]]]]
]:
    scope = steering_scope(actor)
    form, filters = filters_from(
        request.GET, municipality_id=scope.municipality.pk, areas=scope.areas, teams=scope.teams
    )
    selection, errors = team_in_area(scope, filters.selection)
    return scope, form, selection, filters.errors + errors, filters.menu


def team_in_area(scope: Scope, selection: Selection) -> tuple[Selection, list[str]]:
    """A team and an area that do not go together: the team is shown, with a message."""
    if selection.team_id is None or selection.area_id is None:
        return selection, []
    team = next(t for t in scope.teams if t.pk == selection.team_id)
    if any(a.pk == selection.area_id for a in team.areas.all()):
        return selection, []
    message = _("That team does not work in that area; the team is shown for all its areas.")
    return dataclasses.replace(selection, area_id=None), [message]


def _policy_tables(
    actor: Actor, selection: Selection, keys: list[str] | None
) -> list[IndicatorTable]:
    return selectors.indicator_tables(actor=actor, selection=selection, keys=keys)


def dashboard_view(request: HttpRequest) -> HttpResponse:
    """Policy staff and the steering group: areas, teams, the municipality; aggregates only."""
    actor = Actor.from_request(request, purpose=PURPOSE)
    scope, form, selection, errors, menu = policy_selection(request, actor)
    tables = _policy_tables(actor, selection, None)
    keys = [spec.key for spec in indicators_for("policy")]
    context = {
        "scope": scope,
        "scope_text": scope_text(scope, selection),
        "form": form,
        "selection": selection,
        "errors": errors,
        "period_menu": menu,
        "groups": grouped(tables),
        "report_indicators": [(key, INDICATORS[key].title) for key in keys],
        "query": request.GET.urlencode(),
    }
    return render(request, "steering/dashboard.html", context)


def _leader_teams(actor: Actor) -> list[Team]:
    leads = {t.pk for t in policy.teams_where(actor, steering_rules.READ_TEAM)}
    return [t for t in organisations.team_list(actor=actor) if t.pk in leads]


def team_dashboard_view(request: HttpRequest) -> HttpResponse:
    """The team leader's own team, per coordinator: caseload and pitfall signals."""
    actor = Actor.from_request(request, purpose=PURPOSE)
    teams = _leader_teams(actor)
    if not teams:
        raise Http404
    errors: list[str] = []
    team = teams[0]
    wanted = request.GET.get("team", "")
    if wanted:
        match = next((t for t in teams if str(t.pk) == wanted.strip()), None)
        if match is None:
            errors.append(_("That team is not one you lead; your first team is shown."))
        team = match or team
    period = default_period()
    period_text = request.GET.get("period", "").strip()
    if period_text:
        try:
            period = Period.from_slug(period_text)
        except ValueError:
            errors.append(
                _(
                    "Choose a period such as 2026-05 (a month), 2026-Q2 (a quarter) or 2026 (a year)."
                )
            )
    tables = selectors.team_leader_tables(actor=actor, team=team, period=period)
    menu = period_choices()
    if all(period.slug != slug for _group, options in menu for slug, _label in options):
        menu = [(_("Chosen"), [(period.slug, period.label)]), *menu]
    context = {
        "team": team,
        "teams": teams,
        "period": period,
        "period_menu": menu,
        "errors": errors,
        "groups": grouped(tables, team_id=team.pk),
    }
    return render(request, "steering/team_dashboard.html", context)


def _may_read_definitions(actor: Actor) -> bool:
    # Definitions hold no personal data; they are shown to those who see indicators.
    return bool(policy.municipalities_where(actor, steering_rules.READ_DEFINITIONS))


def definition_list_view(request: HttpRequest) -> HttpResponse:
    actor = Actor.from_request(request, purpose=PURPOSE)
    if not _may_read_definitions(actor):
        raise Http404
    items = [(INDICATORS[key], DEFINITIONS[key]) for key in INDICATORS if key in DEFINITIONS]
    return render(request, "steering/definition_list.html", {"items": items})


def definition_view(request: HttpRequest, key: str) -> HttpResponse:
    actor = Actor.from_request(request, purpose=PURPOSE)
    definition = definition_for(key)
    if definition is None or key not in INDICATORS or not _may_read_definitions(actor):
        raise Http404
    context = {
        "spec": INDICATORS[key],
        "definition": definition,
        "history": list(reversed(definition.versions)),
    }
    return render(request, "steering/definition.html", context)


def scope_text(scope: Scope, selection: Selection) -> str:
    area = next((a.name for a in scope.areas if a.pk == selection.area_id), "")
    team = next((t.name for t in scope.teams if t.pk == selection.team_id), "")
    return reports.selection_text(selection, area=area, team=team)


def _report_input(request: HttpRequest) -> tuple[Scope, Selection, list[IndicatorTable]]:
    actor = Actor.from_request(request, purpose="steering report")
    scope, _form, selection, _errors, _menu = policy_selection(request, actor)
    keys = chosen_indicators(request.GET, [s.key for s in indicators_for("policy")])
    return scope, selection, _policy_tables(actor, selection, keys)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def report_pdf_view(request: HttpRequest) -> HttpResponse:
    scope, selection, tables = _report_input(request)
    content = reports.report_pdf(
        municipality=scope.municipality,
        selection=selection,
        scope=scope_text(scope, selection),
        tables=tables,
    )
    name = reports.report_filename(selection, "pdf")
    return _download(content, "application/pdf", name)


def report_xlsx_view(request: HttpRequest) -> HttpResponse:
    scope, selection, tables = _report_input(request)
    content = reports.report_xlsx(
        municipality=scope.municipality,
        selection=selection,
        scope=scope_text(scope, selection),
        tables=tables,
    )
    name = reports.report_filename(selection, "xlsx")
    return _download(
        content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name
    )
