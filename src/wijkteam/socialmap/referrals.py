"""Referrals from a plan's solution to a service: reads and writes through the policy."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.casework.models import Solution
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent
from wijkteam.privacy.policy import Action, Actor, Decision
from wijkteam.privacy.rules.casework import WORK
from wijkteam.privacy.services import log_change, log_read
from wijkteam.socialmap.consent import consent_check
from wijkteam.socialmap.models import REFERRAL_TRANSITIONS, Referral, ReferralStatus, Service

DATE_FIELD = {
    ReferralStatus.SENT: "sent_on",
    ReferralStatus.ACCEPTED: "accepted_on",
    ReferralStatus.STARTED: "started_on",
    ReferralStatus.ENDED: "ended_on",
    ReferralStatus.REFUSED: "refused_on",
}


class ConsentMissing(ValidationError):
    """No living consent (nor a legal ground) for the service's provider: the page then
    links to the household's consent page."""


def _solution(solution_id: int) -> Solution | None:
    return Solution.objects.select_related("plan__household__team").filter(pk=solution_id).first()


def solution_for_referral(*, actor: Actor, solution_id: int) -> Solution:
    """The solution, when the actor may work on the household's file."""
    solution = _solution(solution_id)
    if solution is None:
        raise policy.AccessDenied("no such solution")
    policy.require(actor, WORK, solution)
    return solution


@transaction.atomic
def referral_create(
    *, actor: Actor, solution: Solution, service: Service, recipient: str = ""
) -> Referral:
    decision = policy.require(actor, WORK, solution)
    household = solution.plan.household
    if service.municipality_id != household.team.municipality_id:
        raise ValidationError(_("Choose a service of this municipality."))
    consent = consent_check(person_or_household=household, recipient=service.provider)
    if not consent.allowed:
        raise ConsentMissing(_("There is no consent to share data with this organisation."))
    referral = Referral.objects.create(
        solution=solution,
        service=service,
        provider=service.provider,
        recipient=recipient.strip()[:200],
        consent_status=consent.status,
        consent_note=consent.note[:300],
        created_by=actor.user,
    )
    log_change(actor, referral, decision, event=AccessEvent.CREATE)
    return referral


@transaction.atomic
def referral_advance(
    *,
    actor: Actor,
    referral: Referral,
    to_status: str,
    on: dt.date | None = None,
    outcome: str = "",
) -> Referral:
    decision = policy.require(actor, WORK, referral)
    if to_status not in REFERRAL_TRANSITIONS.get(referral.status, ()):
        raise ValidationError(
            _("A referral cannot go from %(from)s to %(to)s.")
            % {"from": referral.status, "to": to_status}
        )
    day = on or timezone.localdate()
    if day < referral.proposed_on:
        raise ValidationError(_("The date lies before the referral was proposed."))
    referral.status = to_status
    setattr(referral, DATE_FIELD[ReferralStatus(to_status)], day)
    if outcome.strip():
        referral.outcome = outcome.strip()
    referral.save()
    log_change(actor, referral, decision)
    return referral


def referral_get(*, actor: Actor, referral_id: int) -> tuple[Referral, Decision]:
    referral = (
        Referral.objects.select_related("service", "provider", "solution__plan__household__team")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise policy.AccessDenied("no such referral")
    decision = policy.require(actor, Action.VIEW, referral)
    log_read(actor, referral, decision)
    return referral, decision


def referrals_for_solution(*, actor: Actor, solution: Solution) -> QuerySet[Referral]:
    """The solution's referrals; one access-log row for reading them."""
    decision = policy.require(actor, Action.VIEW, solution)
    log_read(actor, solution, decision, object_type="socialmap.referral.list")
    return Referral.objects.filter(solution=solution).select_related("service", "provider")
