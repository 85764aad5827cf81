"""Small helpers for the team-design tests."""

from __future__ import annotations

from typing import Any

from wijkteam.accounts.models import User
from wijkteam.privacy.policy import Actor
from wijkteam.teamdesign import services
from wijkteam.teamdesign.models import Question, TeamDesign
from wijkteam.teamdesign.services import AnswerInput


def actor(user: User) -> Actor:
    return Actor(user=user)


def start(world: Any) -> TeamDesign:
    return services.design_start(actor=actor(world.leader_a), team=world.team_a)


def question(design: TeamDesign, code: str) -> Question:
    return Question.objects.get(block__instrument=design.instrument, code=code)


def answer(
    design: TeamDesign,
    user: User,
    code: str,
    *,
    text: str = "",
    choices: list[str] | None = None,
    version: int = 0,
) -> services.SaveResult:
    submitted = AnswerInput(
        question=question(design, code), text=text, choices=choices or [], version=version
    )
    return services.answers_save(actor=actor(user), design=design, inputs=[submitted])
