"""New household, and adding members, network persons and relations to a household."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wijkteam.core import conflicts
from wijkteam.households import selectors, services
from wijkteam.households.forms import (
    HouseholdDetailsForm,
    HouseholdForm,
    MemberForm,
    MemberFormSet,
    MemberRelationForm,
    MemberRemoveForm,
    NetworkPersonForm,
    add_confirm_other_household,
)
from wijkteam.households.models import Household, Member, NetworkPerson
from wijkteam.households.work import work
from wijkteam.organisations.models import Team
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rules import casework as rules
from wijkteam.ui.forms import add_service_error, save_versioned, stored_fields


def _creator_teams(actor: Actor) -> list[Team]:
    teams = [
        membership.team
        for membership in policy.active_memberships(actor)
        if membership.team_id
        and membership.team
        and rules.may_create_household(actor, membership.team_id)
    ]
    if not teams:
        raise Http404
    return teams


def _member_inputs(formset: Any) -> list[services.MemberInput]:
    return [
        services.MemberInput(**{k: v for k, v in form.cleaned_data.items() if k != "DELETE"})
        for form in formset.forms
        if form.has_changed() and form.cleaned_data
    ]


@require_http_methods(["GET", "POST"])
def household_create_view(request: HttpRequest) -> HttpResponse:
    actor = Actor.from_request(request, purpose="new household")
    teams = _creator_teams(actor)
    form = HouseholdForm(request.POST or None, teams=teams)
    formset = MemberFormSet(request.POST or None, prefix="members")
    duplicates: list[services.DuplicateMatch] = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        team = next((t for t in teams if str(t.pk) == data.get("team")), teams[0])
        try:
            registered = services.household_register(
                actor=actor,
                team=team,
                name=data["name"],
                street_address=data["street_address"],
                postcode=data["postcode"],
                city=data["city"],
                members=_member_inputs(formset),
                confirm_duplicates=data["confirm_duplicates"],
            )
        except services.PossibleDuplicates as found:
            duplicates = found.matches
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Household created. You are its coordinator."))
            return redirect("casework:household_file", household_id=registered.household.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "formset": formset, "duplicates": duplicates, "team": teams[0]}
    return render(request, "households/household_create.html", context, status=status)


def _work_household(request: HttpRequest, household_id: int) -> tuple[Actor, Household]:
    actor = Actor.from_request(request)
    household = work().household_for_work(
        actor=actor, household_id=household_id, log=request.method == "GET"
    )
    return actor, household


def _form_page(
    request: HttpRequest,
    household: Household,
    form: Any,
    title: str,
    *,
    status: int | None = None,
    conflict: conflicts.ConflictNotice | None = None,
) -> HttpResponse:
    if status is None:
        status = 400 if request.method == "POST" else 200
    context = {"form": form, "household": household, "title": title, "conflict": conflict}
    return render(request, "households/form_page.html", context, status=status)


@require_http_methods(["GET", "POST"])
def member_add_view(request: HttpRequest, household_id: int) -> HttpResponse:
    actor, household = _work_household(request, household_id)
    form = MemberForm(request.POST or None)
    if "confirm_other_household" in request.POST:
        add_confirm_other_household(form)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        confirmed = bool(data.pop("confirm_other_household", False))
        try:
            services.member_add(
                actor=actor, household=household, data=data, confirm_other_household=confirmed
            )
        except services.BsnInOtherHousehold as warning:
            add_confirm_other_household(form)
            add_service_error(form, warning)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Member added."))
            return redirect("casework:household_file", household_id=household.pk)
    return _form_page(request, household, form, _("Add a member"))


@require_http_methods(["GET", "POST"])
def network_add_view(request: HttpRequest, household_id: int) -> HttpResponse:
    actor, household = _work_household(request, household_id)
    form = NetworkPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.network_person_add(actor=actor, household=household, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Network person added."))
            return redirect("casework:household_file", household_id=household.pk)
    return _form_page(request, household, form, _("Add a person from the network"))


@require_http_methods(["GET", "POST"])
def relation_add_view(request: HttpRequest, household_id: int) -> HttpResponse:
    actor, household = _work_household(request, household_id)
    members = list(Member.objects.filter(household=household))
    form = MemberRelationForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_relation_add(actor=actor, household=household, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Relation added."))
            return redirect("casework:household_file", household_id=household.pk)
    return _form_page(request, household, form, _("Add a relation between members"))


def _save_refused(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal on the form; a BSN known in another open household also asks
    the person to confirm it."""
    if isinstance(error, services.BsnInOtherHousehold):
        add_confirm_other_household(form)
    add_service_error(form, error)


def household_list_view(request: HttpRequest) -> HttpResponse:
    """Find a household (also those with a closed trajectory) among those I may see."""
    actor = Actor.from_request(request, purpose="find household")
    if (
        not policy.teams_where(actor, rules.SEE_CASELOAD)
        and not rules.households_visible_to(actor).exists()
    ):
        raise Http404
    query = request.GET.get("q", "")[:100]
    households = selectors.household_search(actor=actor, query=query)
    can_create = any(
        rules.may_create_household(actor, m.team_id)
        for m in policy.active_memberships(actor)
        if m.team_id
    )
    context = {"households": households, "query": query, "can_create": can_create}
    return render(request, "households/household_list.html", context)


def _versioned_edit(
    request: HttpRequest,
    *,
    household: Household,
    form: Any,
    names: tuple[str, ...],
    save: Any,
    title: str,
) -> HttpResponse:
    """The conflict-safe edit page: the form carries the row's version and a fingerprint;
    a colleague's save since gives 409 with the person's input next to the stored values."""
    conflicts.add_version_fields(form)
    if request.method == "POST" and form.is_valid():
        outcome = save_versioned(
            form,
            lambda data, version, _rendered: save(data, version),
            stored=stored_fields(names),
            invalid=_save_refused,
        )
        if outcome.saved:
            messages.success(request, _("Saved."))
            return redirect("casework:household_file", household_id=household.pk)
        if outcome.conflict:
            return _form_page(
                request, household, form, title, status=409, conflict=outcome.conflict
            )
    return _form_page(request, household, form, title)


@require_http_methods(["GET", "POST"])
def member_edit_view(request: HttpRequest, household_id: int, member_id: int) -> HttpResponse:
    actor, household = _work_household(request, household_id)
    member = Member.objects.filter(pk=member_id, household=household).first()
    if member is None:
        raise Http404
    names = services.MEMBER_FIELDS
    initial = conflicts.version_initial(member.lock_version, conflicts.values_of(member, names))
    form = MemberForm(request.POST or None, initial=initial)
    if "confirm_other_household" in request.POST:
        add_confirm_other_household(form)

    def save(data: dict[str, Any], version: int) -> None:
        confirmed = bool(data.pop("confirm_other_household", False))
        services.member_update(
            actor=actor,
            member=member,
            data=data,
            lock_version=version,
            confirm_other_household=confirmed,
        )

    return _versioned_edit(
        request,
        household=household,
        form=form,
        names=names,
        save=save,
        title=_("Change the details of %(name)s") % {"name": member},
    )


@require_http_methods(["GET", "POST"])
def household_edit_view(request: HttpRequest, household_id: int) -> HttpResponse:
    actor, household = _work_household(request, household_id)
    names = services.HOUSEHOLD_FIELDS
    values = conflicts.values_of(household, names)
    initial = conflicts.version_initial(household.lock_version, values)
    return _versioned_edit(
        request,
        household=household,
        form=HouseholdDetailsForm(request.POST or None, initial=initial),
        names=names,
        save=lambda data, version: services.household_update(
            actor=actor, household=household, lock_version=version, **data
        ),
        title=_("Change the household's name and address"),
    )


@require_http_methods(["GET", "POST"])
def member_remove_view(request: HttpRequest, household_id: int, member_id: int) -> HttpResponse:
    actor, household = _work_household(request, household_id)
    member = Member.objects.filter(pk=member_id, household=household).first()
    if member is None:
        raise Http404
    form = MemberRemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_remove(actor=actor, member=member, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The member is removed."))
            return redirect("casework:household_file", household_id=household.pk)
    return _form_page(request, household, form, _("Remove %(name)s") % {"name": member})


@require_POST
def network_remove_view(request: HttpRequest, household_id: int, person_id: int) -> HttpResponse:
    actor, household = _work_household(request, household_id)
    person = NetworkPerson.objects.filter(pk=person_id, household=household).first()
    if person is None:
        raise Http404
    services.network_person_remove(actor=actor, person=person)
    messages.success(request, _("Removed from the network."))
    return redirect("casework:household_file", household_id=household.pk)
