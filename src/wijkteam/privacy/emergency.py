"""Emergency access ("break the glass") as an input to the access policy.

The casework rule asks :func:`is_active`; the grant and acknowledgement are services here.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.accounts.models import Role, SecrecyStatus, User
from wijkteam.households.models import Household
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent, EmergencyAccess
from wijkteam.privacy.policy import Actor, Decision, ViewLevel
from wijkteam.privacy.protocol import settings_for
from wijkteam.privacy.services import access_log_record

MIN_REASON_LENGTH = 20
EMERGENCY_ROLE = "emergency access"


def is_active(user: User, household_id: int) -> bool:
    cache: dict[int, bool] = user.__dict__.setdefault("_wijkteam_emergency", {})
    if household_id not in cache:
        cache[household_id] = EmergencyAccess.objects.filter(
            user=user, household_id=household_id, expires_at__gt=timezone.now()
        ).exists()
    return cache[household_id]


def may_request(user: User, household: Household) -> bool:
    """Team members and team leaders of the owning team with professional secrecy."""
    membership = policy.team_membership(user, household.team_id)
    return (
        membership is not None
        and membership.role in (Role.TEAM_MEMBER, Role.TEAM_LEADER)
        and membership.secrecy_status == SecrecyStatus.PROFESSIONAL_SECRECY
    )


@transaction.atomic
def emergency_access_grant(*, actor: Actor, household: Household, reason: str) -> EmergencyAccess:
    if not may_request(actor.user, household):
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
    actor.user.__dict__.pop("_wijkteam_emergency", None)
    membership = policy.team_membership(actor.user, household.team_id)
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


def reviewable_by(user: User) -> QuerySet[EmergencyAccess]:
    """Open (unacknowledged) grants the person must review: team leaders their teams',
    privacy officers their municipality's."""
    memberships = policy.active_memberships(user)
    led = [m.team_id for m in memberships if m.role == Role.TEAM_LEADER and m.team_id]
    officer_of = [m.municipality_id for m in memberships if m.role == Role.PRIVACY_OFFICER]
    queryset = EmergencyAccess.objects.filter(acknowledged_at__isnull=True)
    scope = queryset.filter(household__team_id__in=led) | queryset.filter(
        household__team__municipality_id__in=officer_of
    )
    return scope.select_related("user", "household", "household__team").order_by("granted_at")


@transaction.atomic
def emergency_access_acknowledge(*, actor: Actor, grant_id: int, note: str = "") -> EmergencyAccess:
    grant = reviewable_by(actor.user).filter(pk=grant_id).first()
    if grant is None:
        raise policy.AccessDenied("not reviewable")
    if grant.user_id == actor.user.pk:
        raise policy.AccessDenied("nobody reviews their own emergency access")
    grant.acknowledged_by = actor.user
    grant.acknowledged_at = timezone.now()
    grant.acknowledgement_note = note
    grant.save(update_fields=["acknowledged_by", "acknowledged_at", "acknowledgement_note"])
    return grant
