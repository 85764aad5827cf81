"""People management for the functional administrator: invite, add and end memberships."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wijkteam.accounts import security, selectors, services
from wijkteam.accounts.forms import InviteForm, MembershipEditForm, MembershipFields
from wijkteam.accounts.models import Membership
from wijkteam.core import conflicts
from wijkteam.organisations.selectors import managed_municipality
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Actor
from wijkteam.ui.forms import save_versioned


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, purpose="configuration")


def _invitation_url(request: HttpRequest, raw_token: str) -> str:
    return request.build_absolute_uri(reverse("accounts:invitation_accept", args=[raw_token]))


def people_view(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    people = selectors.people_list(actor=actor)
    lockouts = selectors.lockout_list(actor=actor)
    return render(request, "accounts/manage_people.html", {"people": people, "lockouts": lockouts})


@require_http_methods(["GET", "POST"])
def invite_view(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    municipality = managed_municipality(actor=actor)
    form = InviteForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            link = services.person_invite(
                actor=actor,
                municipality=municipality,
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                team=data["team"],
                role=data["role"],
                secrecy_status=data["secrecy_status"],
                function_title=data["function_title"],
                fte=data["fte"],
                home_organisation=data["home_organisation"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return render(
                request,
                "accounts/invitation_created.html",
                {
                    "person": link.invitation.user,
                    "url": _invitation_url(request, link.raw_token),
                    "expires_at": link.invitation.expires_at,
                },
            )
    return render(
        request, "accounts/manage_invite.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def person_view(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = _actor(request)
    person = selectors.person_get(actor=actor, user_id=user_id)
    municipality = managed_municipality(actor=actor)
    form = MembershipFields(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.membership_add(actor=actor, user=person, municipality=municipality, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The role has been added."))
            return redirect("accounts:person", user_id=person.pk)
    today = timezone.localdate()
    memberships = Membership.objects.filter(user=person, municipality=municipality).select_related(
        "team", "home_organisation"
    )
    # Ended roles are listed apart: they are history, not what the person holds now.
    current = [m for m in memberships if m.valid_until is None or m.valid_until >= today]
    ended = [m for m in memberships if m.valid_until is not None and m.valid_until < today]
    return render(
        request,
        "accounts/manage_person.html",
        {"person": person, "memberships": current, "ended": ended, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def membership_edit_view(request: HttpRequest, membership_id: int) -> HttpResponse:
    """Change a role's function, FTE, home organisation or period (conflict-safe)."""
    actor = _actor(request)
    membership = (
        Membership.objects.select_related("municipality", "user", "team", "home_organisation")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None:
        raise policy.AccessDenied("no such membership")
    policy.require(actor, policy.Action.MANAGE, membership.municipality)
    values = conflicts.values_of(membership, services.MEMBERSHIP_EDIT_FIELDS)
    form = MembershipEditForm(
        request.POST or None,
        initial=conflicts.version_initial(0, values),
        municipality=membership.municipality,
    )
    conflicts.add_version_fields(form)
    conflict = None
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        # A membership has no version column: the fingerprint of the shown values is its
        # version, so the stored side keeps version 0.
        outcome = save_versioned(
            form,
            lambda data, _version, rendered: services.membership_update(
                actor=actor, membership=membership, rendered=rendered, **data
            ),
            stored=lambda error: (
                0,
                conflicts.values_of(error.current, services.MEMBERSHIP_EDIT_FIELDS),
            ),
            invalid=lambda form, error: form.add_error(None, error),
        )
        if outcome.saved:
            messages.success(request, _("The role has been changed."))
            return redirect("accounts:person", user_id=membership.user_id)
        conflict = outcome.conflict
        if conflict:
            status = 409
    context = {"form": form, "membership": membership, "conflict": conflict}
    return render(request, "accounts/membership_edit.html", context, status=status)


@require_POST
def membership_end_view(request: HttpRequest, membership_id: int) -> HttpResponse:
    actor = _actor(request)
    membership = (
        Membership.objects.select_related("municipality", "user").filter(pk=membership_id).first()
    )
    if membership is None:
        raise Http404
    chosen = request.POST.get("successor", "")
    try:
        successors = selectors.team_successors(actor=actor, membership=membership)
        successor = next((p for p in successors if str(p.pk) == chosen), None)
        services.membership_end(actor=actor, membership=membership, successor=successor)
    except ValidationError as error:
        # The person coordinates open trajectories in the team: ask who takes them over.
        context = {"membership": membership, "successors": successors, "errors": error.messages}
        return render(request, "accounts/membership_end.html", context, status=400)
    messages.success(request, _("The role has been ended."))
    return redirect("accounts:person", user_id=membership.user_id)


@require_POST
def reinvite_view(request: HttpRequest, user_id: int) -> HttpResponse:
    actor = _actor(request)
    person = selectors.person_get(actor=actor, user_id=user_id)
    municipality = managed_municipality(actor=actor)
    link = services.invitation_create(actor=actor, user=person, municipality=municipality)
    return render(
        request,
        "accounts/invitation_created.html",
        {
            "person": person,
            "url": _invitation_url(request, link.raw_token),
            "expires_at": link.invitation.expires_at,
        },
    )


@require_POST
def unlock_view(request: HttpRequest, attempt_id: int) -> HttpResponse:
    person = security.lockout_release(actor=_actor(request), attempt_id=attempt_id)
    messages.success(
        request,
        _("%(name)s can log in again from that address.")
        % {"name": person.get_full_name() or person.username},
    )
    return redirect("accounts:people")
