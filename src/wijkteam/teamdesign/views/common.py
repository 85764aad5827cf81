"""Helpers shared by the team-design views."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wijkteam.privacy.policy import Action, Actor
from wijkteam.privacy.rules.teamdesign import EDIT_DESIGN
from wijkteam.teamdesign import services
from wijkteam.teamdesign.selectors.access import DesignAccess, design_for_team

PURPOSE = "team design"


def actor_for(request: HttpRequest) -> Actor:
    return Actor.from_request(request, purpose=PURPOSE)


def access_for(request: HttpRequest, team_id: int, *, edit: bool = False) -> DesignAccess:
    """The team's design for this person; 404 when they may not see (or, if asked, edit) it.

    Someone who may edit and opens the design for the first time starts it.
    """
    actor = actor_for(request)
    access = design_for_team(
        actor=actor, team_id=team_id, action=EDIT_DESIGN if edit else Action.VIEW
    )
    if not access.started and access.can_edit:
        services.design_start(actor=actor, team=access.team)
        access = design_for_team(actor=actor, team_id=team_id, action=Action.VIEW)
    return access


def page(
    request: HttpRequest,
    access: DesignAccess,
    template: str,
    context: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render a team-design page; a design nobody started yet shows that instead."""
    if not access.started:
        return render(request, "teamdesign/not_started.html", {"access": access})
    return render(request, template, {"access": access, **(context or {})}, status=status)
