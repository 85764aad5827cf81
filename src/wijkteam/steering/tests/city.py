"""A hand-built small city for the steering tests: registrations with known answers.

Everything happens in the previous quarter (relative to today, so the tests pass on any date),
unless a test says otherwise. Rows are made directly: these are fixtures of registrations, the
steering code under test only reads them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from wijkteam.casework.models import Evaluation, Plan, Solution, Trajectory
from wijkteam.households.models import Household
from wijkteam.intake.models import Signal, SignallingPartner
from wijkteam.organisations.models import Team
from wijkteam.steering.tables import Period


def last_quarter() -> Period:
    return Period.containing(timezone.localdate(), "quarter").previous()


def moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 12, 0))


def partner(team: Team, kind: str) -> SignallingPartner:
    return SignallingPartner.objects.create(team=team, name=f"{kind} {team.pk}", kind=kind)


def signals(
    world: Any, team: Team, count: int, *, day: dt.date, kind: str = "", source: str = "partner"
) -> None:
    by = partner(team, kind) if kind else None
    Signal.objects.bulk_create(
        [
            Signal(
                team=team,
                source_kind=source,
                partner=by,
                concern="Zorgen",
                subject_name="Bewoner",
                received_at=moment(day),
                created_by=world.member_a,
            )
            for _ in range(count)
        ]
    )


def households(world: Any, team: Team, count: int, *, day: dt.date) -> list[Household]:
    made = [Household.objects.create(team=team, name=f"Huishouden {i}") for i in range(count)]
    Household.objects.filter(pk__in=[h.pk for h in made]).update(created_at=moment(day))
    return made


def trajectory(
    world: Any, household: Household, *, started: dt.date, closed: dt.date | None = None
) -> Trajectory:
    return Trajectory.objects.create(
        household=household,
        coordinator=world.member_a,
        started_on=started,
        closed_on=closed,
        phase="closed" if closed else "analysis",
    )


def evaluations(world: Any, team: Team, answers: dict[str, int], *, day: dt.date) -> None:
    for answer, count in answers.items():
        for household in households(world, team, count, day=day):
            Evaluation.objects.create(
                trajectory=trajectory(world, household, started=day),
                evaluated_on=day,
                question_answered=answer,
                self_reliance="same",
                participation="same",
                author=world.member_a,
            )


def solutions(world: Any, team: Team, frames: dict[str, int], *, day: dt.date) -> None:
    household = households(world, team, 1, day=day)[0]
    plan = Plan.objects.create(
        household=household,
        trajectory=trajectory(world, household, started=day),
        agreed_on=day,
        created_by=world.member_a,
    )
    Solution.objects.bulk_create(
        [
            Solution(plan=plan, frame=frame, text="Oplossing")
            for frame, n in frames.items()
            for _ in range(n)
        ]
    )
