"""Casework's answer to households' questions about the work on a household
(:class:`wijkteam.households.work.HouseholdWork`): the first trajectory of a household just
registered, the phase of its latest trajectory in the household lists, which households are
still open, the timeline note on a member's removal, and who works on the household. Registered at start-up by ``casework/apps.py``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from wijkteam.accounts.models import User
from wijkteam.casework.models import NoteKind, Phase, Trajectory
from wijkteam.casework.selectors import trajectory_for_work
from wijkteam.casework.services import note_create, trajectory_start_for_new_household
from wijkteam.households.models import Household
from wijkteam.privacy.policy import Actor, Decision


class TrajectoryWork:
    def start(
        self, *, actor: Actor, household: Household, coordinator: User, decision: Decision
    ) -> str:
        trajectory = trajectory_start_for_new_household(
            actor=actor, household=household, coordinator=coordinator, decision=decision
        )
        return str(trajectory.phase)

    def household_for_work(self, *, actor: Actor, household_id: int, log: bool) -> Household:
        return trajectory_for_work(actor=actor, household_id=household_id, log=log).household

    def latest_phase(self) -> Subquery:
        latest = Trajectory.objects.filter(household=OuterRef("pk")).order_by("-started_on", "-pk")
        return Subquery(latest.values("phase")[:1])

    def phase_label(self, phase: str) -> str:
        return str(Phase(phase).label)

    def open_household_ids(self) -> QuerySet[Any]:
        return Trajectory.objects.exclude(phase=Phase.CLOSED).values("household_id")

    def timeline_note(self, *, actor: Actor, household: Household, text: str) -> None:
        note_create(actor=actor, household=household, kind=NoteKind.OTHER, text=text)
