"""What was prevented (issue 14 point 5): one optional screen for the professionals of a
trajectory at evaluation or closing. Access is the casework policy's: ``casework_work`` on the
household (the involved professionals). Prefilled from what the system knows: a signal from a
housing corporation about rent arrears suggests an eviction, a plan problem on finances a
debt escalation."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkteam.casework.choices import Phase
from wijkteam.casework.models import ProblemStatement, Trajectory
from wijkteam.intake.models import PartnerKind, Signal
from wijkteam.organisations.models import Municipality
from wijkteam.privacy import policy
from wijkteam.privacy.models import AccessEvent
from wijkteam.privacy.policy import AccessDenied, Actor
from wijkteam.privacy.rules.casework import WORK
from wijkteam.privacy.services import access_log_record
from wijkteam.results.mkba import SHIPPED_OUTCOMES
from wijkteam.results.models import Likelihood, OutcomeOption, PreventedOutcome

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


def trajectory_for_work(*, actor: Actor, trajectory_id: int) -> Trajectory:
    trajectory = (
        Trajectory.objects.select_related("household__team__municipality")
        .filter(pk=trajectory_id)
        .first()
    )
    if trajectory is None:
        raise AccessDenied("no such trajectory")
    policy.require(actor, WORK, trajectory.household)
    return trajectory


def _suggestions(trajectory: Trajectory) -> set[str]:
    found = set()
    if Signal.objects.filter(
        household_id=trajectory.household_id, partner__kind=PartnerKind.HOUSING_CORPORATION
    ).exists():
        found.add("eviction")
    if ProblemStatement.objects.filter(
        plan__trajectory=trajectory, life_domain="finances"
    ).exists():
        found.add("debt")
    return found


def prevented_form(*, actor: Actor, trajectory_id: int) -> tuple[Trajectory, list[Option]]:
    trajectory = trajectory_for_work(actor=actor, trajectory_id=trajectory_id)
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
    return trajectory, options


@transaction.atomic
def prevented_record(
    *, actor: Actor, trajectory: Trajectory, chosen: dict[str, str]
) -> list[PreventedOutcome]:
    """Replace the trajectory's registration with ``chosen`` (outcome key -> likelihood; an
    empty value or a missing key: not ticked). Nothing chosen is a valid answer."""
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
