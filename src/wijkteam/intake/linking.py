"""What intake needs from the households and casework apps to link a signal to a household:
find one of the signal's team, create one, and start a new trajectory for a returning one.
Reads go through the households selectors and the access policy, writes through their
services, so intake holds no household rules of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from wijkteam.accounts.models import User
from wijkteam.casework import services as casework_services
from wijkteam.casework.models import Phase
from wijkteam.households import selectors
from wijkteam.households import services as household_services
from wijkteam.households.models import Household
from wijkteam.organisations.models import Team
from wijkteam.privacy import policy
from wijkteam.privacy.policy import Actor
from wijkteam.privacy.rules import casework as rules
from wijkteam.privacy.services import log_list_read


@dataclass(frozen=True)
class HouseholdHit:
    pk: int
    label: str


def household_visible(*, actor: Actor, household_id: int, team: Team) -> bool:
    household = Household.objects.filter(pk=household_id).first()
    if household is None or household.team_id != team.pk:
        return False
    return policy.decide(actor, household).allowed


def household_search(*, actor: Actor, team: Team, query: str) -> list[HouseholdHit]:
    """Households of the team whose name or address matches, read through the households
    selectors (so the access policy decides what the actor sees).

    Only the household's name is shown, and only when it matched the query or the person may
    see the residents: a team member who is not involved learns that a household exists at
    the address, not whose it is. Matching on the address is allowed on purpose: the signal
    names the address, and the team must not open a second file for a household it already
    knows.
    """
    query = query.strip()
    if len(query) < 2:
        return []
    households = selectors.household_list(actor=actor).filter(team=team)
    matches = list(
        households.filter(Q(name__icontains=query) | Q(street_address__icontains=query))[:20]
    )
    log_list_read(
        actor=actor,
        object_type="households.household.list",
        object_id=team.pk,
        shown=[(h.pk, h.team_id) for h in matches],
    )
    return [HouseholdHit(pk=h.pk, label=_hit_label(actor, h, query)) for h in matches]


def _hit_label(actor: Actor, household: Any, query: str) -> str:
    """No name behind an address: a household found by its address (not its name) is named
    only to whom may see its residents; the others read that one exists in the team."""
    if query.lower() in household.name.lower():
        return str(household)
    if rules.IDENTITY in policy.decide(actor, household).actions:
        return str(household)
    return _("A household at this address exists in %(team)s; ask its coordinator.") % {
        "team": household.team.name
    }


def household_create(*, actor: Actor, team: Team, data: dict[str, Any]) -> int:
    household = household_services.household_create(actor=actor, team=team, **data)
    return int(household.pk)


# --- re-registration (heraanmelding) ------------------------------------------------------

# What a household of the team allows for a new trajectory (see household_restart_state).
RESTART_CLOSED = "closed"  # it has trajectories, all closed: a new one may follow
RESTART_OPEN = "open"  # a trajectory is still open: its professionals take the signal up
RESTART_NONE = "none"  # no trajectory at all
RESTART_UNKNOWN = "unknown"  # not a household of this team that the actor sees


def may_start_work(*, actor: Actor, team: Team) -> bool:
    """May the actor start support in this team (the same people who may create households)?"""
    return rules.may_create_household(actor, team.pk)


def household_restart_state(*, actor: Actor, household_id: int, team: Team) -> str:
    """The phase of the household's latest trajectory, read through the households selectors
    (only the phase: a team member who is not involved sees nothing more)."""
    household = selectors.household_list(actor=actor).filter(pk=household_id, team=team).first()
    if household is None:
        return RESTART_UNKNOWN
    phase = household.phase
    if phase is None:
        return RESTART_NONE
    return RESTART_CLOSED if phase == Phase.CLOSED else RESTART_OPEN


@dataclass(frozen=True)
class Restarted:
    household_id: int
    trajectory_id: int
    coordinator_id: int
    phase: str


def trajectory_restart(
    *, actor: Actor, household_id: int, coordinator: User, signal_id: int
) -> Restarted:
    """Start a new trajectory for a returning household through the casework service."""
    household = Household.objects.select_related("team").get(pk=household_id)
    trajectory = casework_services.trajectory_restart_for_signal(
        actor=actor, household=household, coordinator=coordinator, signal_id=signal_id
    )
    return Restarted(
        household_id=int(household.pk),
        trajectory_id=int(trajectory.pk),
        coordinator_id=int(trajectory.coordinator_id),
        phase=str(trajectory.phase),
    )
