from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from wijkteam.accounts.models import Role, User
from wijkteam.privacy import policy


def wijkteam(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    is_admin = in_team = is_privacy_officer = False
    is_policy = is_team_leader = False
    emergency_reviews: int | None = None  # None: the person reviews no emergency access
    if isinstance(user, User) and user.is_authenticated and user.is_verified():  # type: ignore[attr-defined]
        memberships = policy.active_memberships(user)
        is_admin = any(m.role == Role.FUNCTIONAL_ADMIN for m in memberships)
        in_team = any(m.team_id for m in memberships)
        is_privacy_officer = any(m.role == Role.PRIVACY_OFFICER for m in memberships)
        is_policy = any(m.role == Role.POLICY_STAFF for m in memberships)
        is_team_leader = any(m.role == Role.TEAM_LEADER for m in memberships)
        from wijkteam.privacy import emergency

        if emergency.may_review(user):  # team leaders and privacy officers: one COUNT query
            emergency_reviews = emergency.review_count(user)
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
        # Also shown on "Mijn werk" (core/my_work.html), from this same count.
        "nav_emergency_reviews": emergency_reviews,
    }
