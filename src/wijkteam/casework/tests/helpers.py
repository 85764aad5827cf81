"""Building blocks for casework tests: a household with a trajectory, a plan with content."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from wijkteam.accounts.models import User
from wijkteam.casework import services
from wijkteam.casework.models import Frame, OwnerKind, Phase, Plan, Trajectory
from wijkteam.households.bsn import generate_test_bsn
from wijkteam.households.models import Household
from wijkteam.households.services import MemberInput, household_create
from wijkteam.privacy.policy import Actor

RNG = random.Random(20261123)


def actor(user: User) -> Actor:
    return Actor(user=user, purpose="test")


def make_household(
    world: Any, *, coordinator: User | None = None, name: str = "Familie Testers"
) -> Household:
    user = coordinator or world.member_a
    return household_create(
        actor=actor(user),
        team=world.team_a,
        name=name,
        street_address="Dorpsstraat 1",
        postcode="1234AB",
        city="Teststad",
        members=[
            MemberInput("Anna", "Testers", dt.date(1980, 5, 1), bsn=generate_test_bsn(RNG)),
            MemberInput("Bram", "Testers", dt.date(1978, 3, 2)),
            # A child of about 14 on any date: the youth-help retention class depends on it.
            MemberInput("Cleo", "Testers", dt.date.today() - dt.timedelta(days=14 * 365 + 60)),
        ],
        coordinator=user,
    )


def trajectory_of(household: Household) -> Trajectory:
    return Trajectory.objects.filter(household=household).order_by("-pk").first()  # type: ignore[return-value]


def make_plan(
    world: Any, household: Household, *, user: User | None = None, actions: int = 1
) -> Plan:
    """Plan with one problem, goal (two results), a solution per frame and actions."""
    who = actor(user or world.member_a)
    trajectory = trajectory_of(household)
    if trajectory.phase == Phase.ANALYSIS:
        services.trajectory_advance(actor=who, trajectory=trajectory, to_phase=Phase.PLAN)
    plan = services.plan_create(actor=who, trajectory=trajectory)
    problem = services.problem_add(
        actor=who, plan=plan, life_domain="finances", description="Schulden lopen op"
    )
    services.goal_add(
        actor=who,
        plan=plan,
        problem=problem,
        text="Schulden onder controle",
        results=["Budget", "Regeling"],
    )
    solutions = [
        services.solution_add(actor=who, plan=plan, frame=frame, text=f"Oplossing {frame}")
        for frame in Frame.values
    ]
    for i in range(actions):
        services.action_add(
            actor=who,
            plan=plan,
            solution=solutions[i % 4],
            text=f"Actie {i}",
            owner_kind=OwnerKind.TEAM_MEMBER,
            owner_user=world.member_a,
            due_on=plan.starts_on + dt.timedelta(days=7 + i),
        )
    return plan
