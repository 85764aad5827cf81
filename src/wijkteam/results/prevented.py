"""What was prevented: optional ticks on the evaluation and the closing
form (casework's pages, one screen each), saved in the same transaction as the evaluation or
the closing: casework's ``evaluation_record`` and ``trajectory_close`` call
:func:`prevented_record`. Access is the casework policy's: ``casework_work`` on the household
(the involved professionals). Prefilled with what was ticked before, otherwise from what the
system knows: a rent-arrears signal (a signal from a housing corporation) suggests an
eviction, a tailored referral for finances a debt escalation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.casework.choices import Phase
from wijkteam.casework.models import Trajectory
from wijkteam.intake.models import PartnerKind, Signal
from wijkteam.lifedomains import LifeDomain
from wijkteam.organisations.models import Municipality
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rules.casework import WORK
from wijkteam.privacy.services import access_log_record
from wijkteam.results.mkba import SHIPPED_OUTCOMES
from wijkteam.results.models import Likelihood, OutcomeOption, PreventedOutcome
from wijkteam.socialmap.models import Referral, ReferralStatus, ServiceType

# Registered from the evaluation on: before it there is nothing to judge yet.
OPEN_FROM = (Phase.EVALUATION, Phase.MONITORING, Phase.CLOSED)


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    kind: str
    chosen: str  # "", "likely" or "certain" (stored, or suggested)
    suggested: bool


def outcome_options(municipality: Municipality) -> list[OutcomeOption]:
    """The municipality's own list when it has one, otherwise the shipped list."""
    own = list(OutcomeOption.objects.filter(municipality=municipality))
    return own or list(OutcomeOption.objects.filter(municipality__isnull=True))


def option_label(option: OutcomeOption) -> str:
    if option.municipality_id is None and option.key in SHIPPED_OUTCOMES:
        return str(SHIPPED_OUTCOMES[option.key])
    return option.label


def _suggestions(trajectory: Trajectory) -> set[str]:
    """What the registration suggests: a signal from a housing corporation about the household
    (rent arrears) an avoided eviction; a tailored provision for finances that this
    trajectory's plan referred to (not refused) an avoided debt escalation."""
    found = set()
    if Signal.objects.filter(
        household_id=trajectory.household_id, partner__kind=PartnerKind.HOUSING_CORPORATION
    ).exists():
        found.add("eviction")
    if (
        Referral.objects.filter(
            solution__plan__trajectory=trajectory,
            service__service_type=ServiceType.TAILORED,
            service__domain_codes__contains=f"|{LifeDomain.FINANCES.value}|",
        )
        .exclude(status=ReferralStatus.REFUSED)
        .exists()
    ):
        found.add("debt")
    return found


def prevented_options(*, actor: Actor, trajectory: Trajectory) -> list[Option]:
    """The list to tick on the evaluation or closing form: what was ticked before, or (nothing
    stored yet) the suggestions as "likely". For whoever may work on the file."""
    policy.require(actor, WORK, trajectory.household)
    stored = {
        p.outcome: p.likelihood for p in PreventedOutcome.objects.filter(trajectory=trajectory)
    }
    suggested = set() if stored else _suggestions(trajectory)
    options = [
        Option(
            key=o.key,
            label=option_label(o),
            kind=o.kind,
            chosen=stored.get(o.key, Likelihood.LIKELY if o.key in suggested else ""),
            suggested=o.key in suggested,
        )
        for o in outcome_options(trajectory.household.team.municipality)
    ]
    return options


@transaction.atomic
def prevented_record(
    *, actor: Actor, trajectory: Trajectory, chosen: Mapping[str, str]
) -> list[PreventedOutcome]:
    """Replace the trajectory's registration with ``chosen`` (outcome key -> likelihood; an
    empty value or a missing key: not ticked). Nothing chosen is a valid answer. Called inside
    the evaluation's or the closing's transaction: a refusal here undoes that step too."""
    decision = policy.require(actor, WORK, trajectory.household)
    if trajectory.phase not in OPEN_FROM:
        raise ValidationError(_("This can be filled in from the evaluation on."))
    keys = {o.key for o in outcome_options(trajectory.household.team.municipality)}
    picked = {k: v for k, v in chosen.items() if v}
    unknown = [k for k, v in picked.items() if k not in keys or v not in Likelihood.values]
    if unknown:
        raise ValidationError(_("Choose from the list: likely or certain."))
    PreventedOutcome.objects.filter(trajectory=trajectory).delete()
    now = timezone.now()
    rows = PreventedOutcome.objects.bulk_create(
        PreventedOutcome(
            trajectory=trajectory, outcome=k, likelihood=v, recorded_by=actor.user, recorded_at=now
        )
        for k, v in sorted(picked.items())
    )
    access_log_record(
        actor=actor,
        event=AccessEvent.UPDATE,
        object_type="casework.trajectory",
        object_id=trajectory.pk,
        decision=decision,
        purpose=f"what was prevented: {','.join(sorted(picked)) or 'none'}"[:200],
    )
    return rows
