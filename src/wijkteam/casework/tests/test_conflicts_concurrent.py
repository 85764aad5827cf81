"""Two requests at the same moment, on PostgreSQL (READ COMMITTED, real row locks): two
"new version" clicks and two conversation saves from the same page state each make exactly
one change and one refusal. (SQLite runs one writer at a time; the sequential tests in
test_conflicts.py cover it.)"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction

from wijkteam.casework import selectors, services
from wijkteam.casework.models import Conversation, Plan
from wijkteam.casework.services import ConflictError
from wijkteam.casework.tests.helpers import actor, make_household, make_plan, trajectory_of
from wijkteam.conftest import build_world

pytestmark = pytest.mark.postgres_only


def _at_once(work: Callable[[], Any], times: int = 2) -> list[str]:
    """Run ``work`` in ``times`` threads released together, each in its own transaction
    (as a request is); return "ok" or "conflict" per thread."""
    barrier = threading.Barrier(times)
    outcomes: list[str] = []

    def run() -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                work()
            outcomes.append("ok")
        except ConflictError:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def test_two_simultaneous_new_versions_make_one(transactional_db: Any) -> None:
    world = build_world()
    household = make_household(world)
    plan = make_plan(world, household)
    shown = (plan.lock_version, plan.version)

    def click() -> None:
        who = actor(world.member_a)
        current = selectors.plan_for_work(actor=who, household_id=household.pk)
        assert current is not None
        services.plan_new_version(
            actor=who, plan=current, lock_version=shown[0], plan_version=shown[1]
        )

    assert _at_once(click) == ["conflict", "ok"]
    assert sorted(Plan.objects.filter(household=household).values_list("version", flat=True)) == [
        1,
        2,
    ]


def test_two_simultaneous_conversation_saves_keep_one_and_refuse_one(
    transactional_db: Any,
) -> None:
    world = build_world()
    household = make_household(world)
    trajectory = trajectory_of(household)
    services.conversation_record(
        actor=actor(world.member_a), trajectory=trajectory, question_asked="A", lock_version=None
    )

    def save() -> None:
        services.conversation_record(
            actor=actor(world.member_a),
            trajectory=trajectory,
            question_asked=f"Door {threading.current_thread().name}",
            lock_version=1,
        )

    assert _at_once(save) == ["conflict", "ok"]
    assert Conversation.objects.get(trajectory=trajectory).lock_version == 2
