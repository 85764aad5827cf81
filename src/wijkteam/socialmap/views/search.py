"""Social map pages: search, details, maintenance and the expertise map."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wijkteam.organisations.models import Municipality, Team
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Action, Actor
from wijkteam.privacy.rules.socialmap import EDIT_SOCIAL_MAP
from wijkteam.socialmap import selectors, services
from wijkteam.socialmap.forms import ExpertiseForm, ProviderForm, SearchForm, ServiceForm
from wijkteam.socialmap.models import Service, stale_before


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, purpose="social map")


def _search_context(request: HttpRequest, actor: Actor) -> dict[str, object]:
    municipality = selectors.municipality_for(actor=actor)
    form = SearchForm(request.GET or None, municipality=municipality)
    filters = selectors.SearchFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.SearchFilters(
            query=data["q"],
            domain=data["domain"],
            service_type=data["type"],
            area=data["area"],
            age=data["age"],
            free_only=data["free"],
            no_indication=data["no_indication"],
        )
    result = selectors.service_search(actor=actor, filters=filters)
    return {
        "form": form,
        "result": result,
        "stale_before": stale_before(timezone.localdate()),
        "may_edit": selectors.may_edit(actor=actor, municipality=municipality),
        "may_propose": selectors.may_propose(actor=actor, municipality=municipality),
        "searched": bool(request.GET),
    }


def search_view(request: HttpRequest) -> HttpResponse:
    context = _search_context(request, _actor(request))
    if request.headers.get("HX-Request"):
        return render(request, "socialmap/_results.html", context)
    return render(request, "socialmap/search.html", context)


def search_fragment_view(request: HttpRequest) -> HttpResponse:
    """An HTML fragment with matching services, for a plan's solution field (htmx)."""
    context = _search_context(request, _actor(request))
    solution = request.GET.get("solution", "")
    context["solution_id"] = int(solution) if solution.isdigit() else None
    return render(request, "socialmap/_fragment.html", context)


def service_detail_view(request: HttpRequest, service_id: int) -> HttpResponse:
    actor = _actor(request)
    service = selectors.service_get(actor=actor, service_id=service_id)
    context = {
        "service": service,
        "stale": service.is_stale(),
        "may_edit": policy.may(actor, EDIT_SOCIAL_MAP, service),
    }
    return render(request, "socialmap/service_detail.html", context)


def _editable_service(actor: Actor, service_id: int | None) -> tuple[Service | None, Municipality]:
    municipality = selectors.municipality_for(actor=actor)
    service = selectors.service_get(actor=actor, service_id=service_id) if service_id else None
    if service is not None:
        policy.require(actor, EDIT_SOCIAL_MAP, service)
    else:
        policy.require_scope(actor, EDIT_SOCIAL_MAP, municipality=municipality)
    return service, service.municipality if service else municipality


@require_http_methods(["GET", "POST"])
def service_edit_view(request: HttpRequest, service_id: int | None = None) -> HttpResponse:
    actor = _actor(request)
    service, municipality = _editable_service(actor, service_id)
    form = ServiceForm(request.POST or None, instance=service, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.service_save(
                actor=actor,
                municipality=municipality,
                service=service,
                data=form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("socialmap:service_detail", service_id=saved.pk)
    title = _("Edit service") if service else _("New service")
    status = 400 if request.method == "POST" else 200
    return render(request, "socialmap/edit.html", {"form": form, "title": title}, status=status)


@require_http_methods(["POST"])
def service_checked_view(request: HttpRequest, service_id: int) -> HttpResponse:
    actor = _actor(request)
    service, _m = _editable_service(actor, service_id)
    assert service is not None
    services.service_mark_checked(actor=actor, service=service)
    messages.success(request, _("Marked as checked today."))
    return redirect("socialmap:service_detail", service_id=service.pk)


def provider_detail_view(request: HttpRequest, provider_id: int) -> HttpResponse:
    actor = _actor(request)
    provider = selectors.provider_get(actor=actor, provider_id=provider_id)
    context = {
        "provider": provider,
        "services": selectors.provider_services(actor=actor, provider=provider),
        "may_edit": policy.may(actor, EDIT_SOCIAL_MAP, provider),
        "stale_before": stale_before(timezone.localdate()),
    }
    return render(request, "socialmap/provider_detail.html", context)


@require_http_methods(["GET", "POST"])
def provider_edit_view(request: HttpRequest, provider_id: int | None = None) -> HttpResponse:
    actor = _actor(request)
    municipality = selectors.municipality_for(actor=actor)
    provider = selectors.provider_get(actor=actor, provider_id=provider_id) if provider_id else None
    if provider is not None:
        policy.require(actor, EDIT_SOCIAL_MAP, provider)
    else:
        policy.require_scope(actor, EDIT_SOCIAL_MAP, municipality=municipality)
    form = ProviderForm(request.POST or None, instance=provider)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.provider_save(
                actor=actor,
                municipality=provider.municipality if provider else municipality,
                provider=provider,
                data=form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("socialmap:provider_detail", provider_id=saved.pk)
    title = _("Edit provider") if provider else _("New provider")
    status = 400 if request.method == "POST" else 200
    return render(request, "socialmap/edit.html", {"form": form, "title": title}, status=status)


# --- expertise map --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def expertise_mine_view(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    memberships = selectors.my_team_memberships(actor=actor)
    if not memberships:
        raise Http404
    membership = memberships[0]
    form = ExpertiseForm(
        request.POST or None, initial={"domains": selectors.my_domains(membership=membership)}
    )
    if request.method == "POST" and form.is_valid():
        services.expertise_set(
            actor=actor, membership=membership, domains=form.cleaned_data["domains"]
        )
        messages.success(request, _("Your expertise has been saved."))
        return redirect("socialmap:team_expertise", team_id=membership.team_id)
    return render(
        request, "socialmap/expertise_mine.html", {"form": form, "membership": membership}
    )


def team_expertise_view(request: HttpRequest, team_id: int) -> HttpResponse:
    actor = _actor(request)
    team = Team.objects.filter(pk=team_id).first()
    if team is None or not policy.may(actor, Action.VIEW_MEMBERS, team):
        raise Http404
    rows = selectors.team_expertise(actor=actor, team=team)
    uncovered = [r for r in rows if not r.members]
    is_member = policy.team_membership(actor, team.pk) is not None
    context = {"team": team, "rows": rows, "uncovered": uncovered, "is_member": is_member}
    return render(request, "socialmap/team_expertise.html", context)
