"""Proposals for the social map: a team member proposes a service, an editor reviews it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wijkteam.privacy import policy
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rules.socialmap import EDIT_SOCIAL_MAP
from wijkteam.socialmap import selectors, services
from wijkteam.socialmap.forms import ProposalForm, ReviewForm


def _actor(request: HttpRequest) -> Actor:
    return Actor.from_request(request, purpose="social map")


def proposals_view(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    proposals = selectors.service_proposals(actor=actor)
    context = {"proposals": proposals, "review_form": ReviewForm()}
    return render(request, "socialmap/proposals.html", context)


@require_http_methods(["GET", "POST"])
def proposal_create_view(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    municipality = selectors.municipality_for(actor=actor)
    if not selectors.may_propose(actor=actor, municipality=municipality):
        raise policy.AccessDenied("may not propose")
    form = ProposalForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_propose(actor=actor, municipality=municipality, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Thank you: your proposal waits for the social map's editor.")
            )
            return redirect("socialmap:proposals")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": _("Propose a service")}
    return render(request, "socialmap/edit.html", context, status=status)


@require_POST
def proposal_review_view(request: HttpRequest, service_id: int) -> HttpResponse:
    actor = _actor(request)
    try:
        service = selectors.proposal_get(actor=actor, service_id=service_id)
        policy.require(actor, EDIT_SOCIAL_MAP, service)  # the proposer reads, never reviews
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose approve or reject."))
            return redirect("socialmap:proposals")
        services.service_review(
            actor=actor,
            service=service,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("socialmap:proposals")
    messages.success(request, _("The proposal has been handled."))
    return redirect("socialmap:proposals")
