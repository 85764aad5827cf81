"""Emergency access ("break the glass") as an input to the access policy.

The casework rule asks :func:`is_active`; the grant and the acknowledgement (once per
reviewer role: team leader and privacy officer) are services here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.households.models import Household
from wijkteam.privacy import policy
from wijkteam.privacy.models import (
    AccessEvent,
    EmergencyAccess,
    EmergencyAcknowledgement,
    ReviewerRole,
)
from wijkteam.privacy.policy import Actor, Decision, ViewLevel
from wijkteam.privacy.protocol import settings_for
from wijkteam.privacy.rules import privacy as privacy_rules
from wijkteam.privacy.services import access_log_record

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _Acknowledged(TypedDict):
    leader_done: bool
    officer_done: bool


MIN_REASON_LENGTH = 20
EMERGENCY_ROLE = policy.EMERGENCY_ACCESS_ROLE


def is_active(actor: Actor, household_id: int) -> bool:
    """Whether the actor holds a grant on the household now (kept for the request)."""
    known = actor.holdings.emergency
    if household_id not in known:
        known[household_id] = EmergencyAccess.objects.filter(
            user=actor.user, household_id=household_id, expires_at__gt=timezone.now()
        ).exists()
    return known[household_id]


def remember_active(actor: Actor, household_ids: list[int]) -> None:
    """Answer :func:`is_active` for these households with one query (a list of results)."""
    known = actor.holdings.emergency
    wanted = [pk for pk in household_ids if pk not in known]
    if not wanted:
        return
    active = set(
        EmergencyAccess.objects.filter(
            user=actor.user, household_id__in=wanted, expires_at__gt=timezone.now()
        ).values_list("household_id", flat=True)
    )
    for pk in wanted:
        known[pk] = pk in active


def may_request(actor: Actor, household: Household) -> bool:
    """Team members and team leaders of the owning team with professional secrecy."""
    membership = policy.team_membership(actor, household.team_id)
    if membership is None or membership.team is None:
        return False
    return policy.may_scope(
        actor,
        privacy_rules.BREAK_GLASS,
        team=membership.team,
        municipality=membership.municipality,  # loaded with the memberships
    )


@transaction.atomic
def emergency_access_grant(*, actor: Actor, household: Household, reason: str) -> EmergencyAccess:
    if not may_request(actor, household):
        raise policy.AccessDenied("no emergency access for this person")
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            {
                "reason": _("Describe the emergency in at least %(n)d characters.")
                % {"n": MIN_REASON_LENGTH}
            }
        )
    now = timezone.now()
    hours = settings_for(household.team.municipality_id).emergency_access_hours
    grant = EmergencyAccess.objects.create(
        user=actor.user,
        household=household,
        reason=reason,
        granted_at=now,
        expires_at=now + dt.timedelta(hours=hours),
    )
    actor.holdings.emergency.pop(household.pk, None)
    membership = policy.team_membership(actor, household.team_id)
    access_log_record(
        actor=actor,
        event=AccessEvent.CREATE,
        object_type="privacy.emergencyaccess",
        object_id=household.pk,
        decision=Decision(
            ViewLevel.FULL, frozenset(), membership.role if membership else "", household.team.name
        ),
        purpose=f"emergency access: {reason}"[:200],
    )
    return grant


@dataclass(frozen=True)
class Review:
    """One grant one person still has to acknowledge, and the role they review it in."""

    grant: EmergencyAccess
    role: str  # ReviewerRole


def _pending(who: policy.Who) -> QuerySet[WithAnnotations[EmergencyAccess, _Acknowledged]]:
    """Grants in the person's review scope that one of their reviewer roles has not yet
    acknowledged (their own grants left out: nobody reviews themselves). One query, annotated
    with the acknowledgement per role so the list needs no per-row queries."""
    actor = policy.as_actor(who)
    led, officer_of = privacy_rules.emergency_review_scopes(actor)

    def acknowledged(role: str) -> Exists:
        return Exists(
            EmergencyAcknowledgement.objects.filter(grant=OuterRef("pk"), reviewer_role=role)
        )

    grants = EmergencyAccess.objects.annotate(
        leader_done=acknowledged(ReviewerRole.TEAM_LEADER),
        officer_done=acknowledged(ReviewerRole.PRIVACY_OFFICER),
    )
    if not led and not officer_of:
        return grants.none()
    return grants.filter(
        Q(household__team_id__in=led, leader_done=False)
        | Q(household__team__municipality_id__in=officer_of, officer_done=False)
    ).exclude(user=actor.user)


def _roles_for(actor: Actor, grant: WithAnnotations[EmergencyAccess, _Acknowledged]) -> list[str]:
    team = grant.household.team
    review = privacy_rules.REVIEW_EMERGENCY
    roles: list[str] = []
    if not grant.leader_done and policy.may_scope(
        actor, review, team=team, municipality=team.municipality
    ):
        roles.append(ReviewerRole.TEAM_LEADER)
    if not grant.officer_done and policy.may_scope(actor, review, municipality=team.municipality):
        roles.append(ReviewerRole.PRIVACY_OFFICER)
    return roles


def reviews_for(who: policy.Who) -> list[Review]:
    """Open reviews of the person: team leaders their teams' grants, privacy officers their
    municipality's, each until they themselves (in that role) acknowledged it."""
    actor = policy.as_actor(who)
    grants = _pending(actor).select_related(
        "user", "household", "household__team", "household__team__municipality"
    )
    return [
        Review(grant, role)
        for grant in grants.order_by("granted_at", "pk")
        for role in _roles_for(actor, grant)
    ]


def review_count(who: policy.Who) -> int:
    """How many grants wait for the person's acknowledgement (navigation, Mijn werk)."""
    return _pending(who).count()


def may_review(who: policy.Who) -> bool:
    led, officer_of = privacy_rules.emergency_review_scopes(policy.as_actor(who))
    return bool(led or officer_of)


@transaction.atomic
def emergency_access_acknowledge(
    *, actor: Actor, grant_id: int, role: str, note: str = ""
) -> EmergencyAcknowledgement:
    """Acknowledge one grant in one reviewer role. The grant row is locked, so two leaders of
    the team acknowledging at once make one acknowledgement and one refusal."""
    locked = EmergencyAccess.objects.select_for_update().filter(pk=grant_id).first()
    grant = (
        _pending(actor).select_related("household__team__municipality").filter(pk=grant_id).first()
    )
    if locked is None or grant is None or role not in _roles_for(actor, grant):
        raise policy.AccessDenied("not reviewable")
    return EmergencyAcknowledgement.objects.create(
        grant=grant,
        reviewer_role=role,
        reviewer=actor.user,
        acknowledged_at=timezone.now(),
        note=note.strip(),
    )
