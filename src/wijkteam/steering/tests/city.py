"""A hand-built small city for the steering tests: registrations with known answers.

Everything happens in the previous quarter (relative to today, so the tests pass on any date),
unless a test says otherwise. Rows are made directly: these are fixtures of registrations, the
steering code under test only reads them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from wijkteam.casework.models import Conversation, Evaluation, Plan, Solution, Trajectory
from wijkteam.households.models import Household
from wijkteam.intake.models import OutreachAttempt, Signal, SignallingPartner
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


def partner_signals(
    world: Any, team: Team, contact_days: list[int | None], *, day: dt.date, term: int = 14
) -> list[Signal]:
    """Signals from a partner with an agreed term, received on `day`; one outreach attempt
    without an answer the day after, then contact after the given days (None: none yet)."""
    by = SignallingPartner.objects.create(
        team=team, name=f"Corporatie {team.pk}", kind="housing", deadline_days=term
    )
    made = []
    for days in contact_days:
        signal = Signal.objects.create(
            team=team,
            partner=by,
            concern="Huurachterstand",
            subject_name="Bewoner",
            received_at=moment(day),
            deadline=day + dt.timedelta(days=term),
            created_by=world.member_a,
        )
        attempts = [(1, "no_answer")] + ([(days, "contact")] if days is not None else [])
        OutreachAttempt.objects.bulk_create(
            [
                OutreachAttempt(
                    team=team,
                    signal=signal,
                    attempted_at=moment(day + dt.timedelta(days=after)),
                    outcome=outcome,
                    made_by=world.member_a,
                )
                for after, outcome in attempts
            ]
        )
        made.append(signal)
    return made


def planned_trajectories(
    world: Any,
    team: Team,
    *,
    day: dt.date,
    plan_after: list[int | None],
    talk_after: list[int | None] | None = None,
) -> list[Trajectory]:
    """Trajectories started on `day`: a kitchen-table conversation after `talk_after` days and
    a first plan version made and agreed after `plan_after` days (None: not yet)."""
    made = []
    talks = talk_after or [None] * len(plan_after)
    for plan_days, talk_days in zip(plan_after, talks, strict=True):
        household = households(world, team, 1, day=day)[0]
        trajectory_ = trajectory(world, household, started=day)
        if talk_days is not None:
            Conversation.objects.create(
                trajectory=trajectory_,
                held_on=day + dt.timedelta(days=talk_days),
                question_asked="Hulp bij geldzaken",
                author=world.member_a,
            )
        if plan_days is not None:
            on = day + dt.timedelta(days=plan_days)
            plan = Plan.objects.create(
                household=household, trajectory=trajectory_, agreed_on=on, created_by=world.member_a
            )
            Plan.objects.filter(pk=plan.pk).update(created_at=moment(on))
        made.append(trajectory_)
    return made


def summed(indicator: str, *, team: Team | None = None, framework: str = "") -> dict[str, int]:
    """The stored summary counts of the last quarter per dimension (one team, or all)."""
    from wijkteam.steering.models import SummaryCount

    quarter = last_quarter()
    rows = SummaryCount.objects.filter(
        indicator=indicator, framework=framework, month__gte=quarter.start, month__lt=quarter.end
    )
    if team is not None:
        rows = rows.filter(team=team)
    found: dict[str, int] = {}
    for row in rows:
        found[row.dimension] = found.get(row.dimension, 0) + row.count
    return found
