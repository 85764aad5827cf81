from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from wijkteam.accounts.backends import is_verified
from wijkteam.accounts.models import User
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Action, Actor
from wijkteam.privacy.rules import privacy as privacy_rules
from wijkteam.privacy.rules import results as results_rules
from wijkteam.privacy.rules import steering as steering_rules


def wijkteam(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    is_admin = in_team = is_privacy_officer = False
    is_policy = is_team_leader = edits_results = False
    emergency_reviews: int | None = None  # None: the person reviews no emergency access
    if isinstance(user, User) and user.is_authenticated and is_verified(user):
        # The menu asks the access policy what the pages behind it will ask (no role checks
        # of its own); only the memberships the login read are used, no queries.
        actor = Actor.from_request(request)
        memberships = policy.active_memberships(actor)
        is_admin = any(
            policy.may(actor, Action.MANAGE, m.municipality) for m in memberships if m.municipality
        )
        in_team = any(m.team_id for m in memberships)
        is_privacy_officer = bool(policy.municipalities_where(actor, privacy_rules.SUPERVISE))
        is_policy = bool(policy.municipalities_where(actor, steering_rules.READ_AGGREGATES))
        is_team_leader = bool(policy.teams_where(actor, steering_rules.READ_TEAM))
        edits_results = bool(policy.municipalities_where(actor, results_rules.EDIT))
        from wijkteam.privacy import emergency

        if emergency.may_review(actor):  # team leaders and privacy officers: one COUNT query
            emergency_reviews = emergency.review_count(actor)
    return {
        "demo_mode": settings.DEMO_MODE,
        "nav_is_admin": is_admin,
        "nav_in_team": in_team,
        # Every team role (member, leader, civil servant) works with signals and the caseload.
        "nav_can_casework": in_team,
        "nav_is_privacy_officer": is_privacy_officer,
        # Steering: policy staff see the municipality's figures, team leaders their team's.
        "nav_is_policy": is_policy,
        "nav_is_team_leader": is_team_leader,
        # The result logic: one menu item for those who build it (policy staff).
        "nav_edits_results": edits_results,
        # Also shown on "Mijn werk" (core/my_work.html), from this same count.
        "nav_emergency_reviews": emergency_reviews,
    }
